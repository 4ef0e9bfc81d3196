import type { MeResponse, OrganizationKind } from '@portal/contracts';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useRouteError } from 'react-router';
import { ErrorAlert, Skeleton } from '../components/ui/ui';
import { NotificationBell } from '../features/notifications/components/notification-bell';
import { AppLayout } from '../features/shell/components/app-layout';
import { navItemsFor } from '../features/shell/components/nav-items';
import { useMe } from '../lib/session';

/** Signed-in area: sends visitors to /login?next=… and back afterwards. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Skeleton />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={me.refetch} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <AppLayout me={me.data} bell={<NotificationBell />} />;
}

function RequireKind({ kinds, children }: { kinds: OrganizationKind[]; children: React.ReactNode }) {
  const me = useMe();
  if (!me.data || !kinds.includes(me.data.organization.kind)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

function Home() {
  const me = useMe();
  const first = me.data ? navItemsFor(me.data.organization.kind)[0] : undefined;
  return <Navigate to={first?.to ?? '/login'} replace />;
}

function PublicOnly() {
  const me = useMe();
  if (me.isPending) return <Skeleton />;
  return <Outlet />;
}

/**
 * An invite link: signed out, a page of its own that leads to sign-in and
 * back; signed in, the consent popup over the organisation's own portal, its
 * home page beneath (the connections guide, step 5).
 */
function InviteRoute({ signedOut, consent }: { signedOut: React.ReactNode; consent: (me: MeResponse) => React.ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Skeleton />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={me.refetch} />;
  if (!me.data) return <>{signedOut}</>;
  return (
    <>
      <AppLayout me={me.data} bell={<NotificationBell />} />
      {consent(me.data)}
    </>
  );
}

/** What lies beneath the consent popup: the page the organisation's home would open. */
function InviteBackdrop({ distributor, principal }: { distributor: React.ReactNode; principal: React.ReactNode }) {
  const me = useMe();
  if (me.data?.organization.kind === 'DISTRIBUTOR') return <>{distributor}</>;
  if (me.data?.organization.kind === 'PRINCIPAL') return <>{principal}</>;
  return null;
}

/** A page's chunk that did not load (offline, or a release replaced it): reloading fetches the current one. */
function RouteError() {
  return <ErrorAlert error={useRouteError()} onRetry={() => window.location.reload()} />;
}

const kindRoute = (kinds: OrganizationKind[], el: React.ReactNode) => <RequireKind kinds={kinds}>{el}</RequireKind>;

// Each page is its own chunk, fetched when its route is first visited (issue 15: the first load carried every screen).
const router = createBrowserRouter([
  {
    element: <PublicOnly />,
    hydrateFallbackElement: <Skeleton />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', lazy: async () => ({ Component: (await import('../features/auth/routes/login-page')).LoginPage }) },
      { path: '/register', lazy: async () => ({ Component: (await import('../features/auth/routes/register-page')).RegisterPage }) },
      { path: '/forgot-password', lazy: async () => ({ Component: (await import('../features/auth/routes/forgot-password-page')).ForgotPasswordPage }) },
      { path: '/reset-password', lazy: async () => ({ Component: (await import('../features/auth/routes/reset-password-page')).ResetPasswordPage }) },
    ],
  },
  {
    path: '/join/:token',
    hydrateFallbackElement: <Skeleton />,
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/team/routes/join-page')).JoinPage }),
  },
  {
    path: '/invites/:token',
    hydrateFallbackElement: <Skeleton />,
    errorElement: <RouteError />,
    lazy: async () => {
      const [{ InvitePage }, { InviteConsentDialog }] = await Promise.all([
        import('../features/connections/routes/invite-page'),
        import('../features/connections/components/invite-consent-dialog'),
      ]);
      return { element: <InviteRoute signedOut={<InvitePage />} consent={(me) => <InviteConsentDialog me={me} />} /> };
    },
    // The organisation's home beneath, with the distributor's connections, as on /integrations.
    children: [
      {
        lazy: async () => {
          const [{ IntegrationsPage }, { ConnectionsPage }] = await Promise.all([
            import('../features/integrations/routes/integrations-page'),
            import('../features/connections/routes/connections-page'),
          ]);
          return { element: <InviteBackdrop distributor={<IntegrationsPage />} principal={<ConnectionsPage />} /> };
        },
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../features/connections/routes/distributor-connections')).DistributorConnections }) },
        ],
      },
    ],
  },
  {
    element: <RequireSession />,
    hydrateFallbackElement: <Skeleton />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/account', lazy: async () => ({ Component: (await import('../features/auth/routes/account-page')).AccountPage }) },
      {
        path: '/integrations',
        lazy: async () => {
          const { IntegrationsPage } = await import('../features/integrations/routes/integrations-page');
          return { element: kindRoute(['DISTRIBUTOR'], <IntegrationsPage />) };
        },
        // The distributor's connections live in their own feature and show on its integrations page.
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../features/connections/routes/distributor-connections')).DistributorConnections }) },
        ],
      },
      // Its model templates are their own feature, composed into the page here.
      {
        path: '/integrations/:id',
        lazy: async () => {
          const [{ IntegrationDetailPage }, { ModelTemplateList }] = await Promise.all([
            import('../features/integrations/routes/integration-detail-page'),
            import('../features/model-templates/components/model-template-list'),
          ]);
          return { element: kindRoute(['DISTRIBUTOR'], <IntegrationDetailPage templates={(slot) => <ModelTemplateList {...slot} />} />) };
        },
      },
      {
        path: '/connections',
        lazy: async () => {
          const { ConnectionsPage } = await import('../features/connections/routes/connections-page');
          return { element: kindRoute(['PRINCIPAL'], <ConnectionsPage />) };
        },
      },
      {
        path: '/documents',
        lazy: async () => {
          const { DocumentsPage } = await import('../features/documents/routes/documents-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <DocumentsPage />) };
        },
      },
      {
        path: '/insight',
        lazy: async () => {
          const { InsightPage } = await import('../features/insight/routes/insight-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <InsightPage />) };
        },
      },
      {
        path: '/master-data',
        lazy: async () => {
          const { MasterDataPage } = await import('../features/master-data/routes/master-data-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <MasterDataPage />) };
        },
      },
      {
        path: '/documents/:id',
        lazy: async () => {
          const { DocumentPage } = await import('../features/documents/routes/document-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <DocumentPage />) };
        },
      },
      {
        path: '/catalogue',
        lazy: async () => {
          const { CataloguePage } = await import('../features/catalogue/routes/catalogue-page');
          return { element: kindRoute(['PRINCIPAL'], <CataloguePage />) };
        },
      },
      {
        path: '/product-mapping',
        lazy: async () => {
          const { ProductMappingPage } = await import('../features/product-mapping/routes/product-mapping-page');
          return { element: kindRoute(['PRINCIPAL'], <ProductMappingPage />) };
        },
      },
      {
        path: '/api-access',
        lazy: async () => {
          const { ApiAccessPage } = await import('../features/api-access/routes/api-access-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <ApiAccessPage />) };
        },
      },
      {
        path: '/webhooks',
        lazy: async () => {
          const { WebhooksPage } = await import('../features/webhooks/routes/webhooks-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <WebhooksPage />) };
        },
      },
      {
        path: '/webhooks/:id',
        lazy: async () => {
          const { WebhookDeliveriesPage } = await import('../features/webhooks/routes/webhook-deliveries-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <WebhookDeliveriesPage />) };
        },
      },
      {
        path: '/admin/access-keys',
        lazy: async () => {
          const { AccessKeysPage } = await import('../features/admin/routes/access-keys-page');
          return { element: kindRoute(['PLATFORM'], <AccessKeysPage />) };
        },
      },
      {
        path: '/admin/integrations',
        lazy: async () => {
          const { AdminIntegrationsPage } = await import('../features/admin/routes/admin-integrations-page');
          return { element: kindRoute(['PLATFORM'], <AdminIntegrationsPage />) };
        },
      },
      {
        path: '/admin/integrations/:id',
        lazy: async () => {
          const { AdminIntegrationPage } = await import('../features/admin/routes/admin-integration-page');
          return { element: kindRoute(['PLATFORM'], <AdminIntegrationPage />) };
        },
      },
      {
        path: '/notifications/settings',
        lazy: async () => ({ Component: (await import('../features/notifications/routes/notification-settings-page')).NotificationSettingsPage }),
      },
      { path: '/team', lazy: async () => ({ Component: (await import('../features/team/routes/team-page')).TeamPage }) },
      {
        path: '/audit-log',
        lazy: async () => {
          const { AuditLogPage } = await import('../features/audit/routes/audit-log-page');
          return { element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <AuditLogPage />) };
        },
      },
      {
        path: '/admin/audit-log',
        lazy: async () => {
          const { AdminAuditLogPage } = await import('../features/audit/routes/admin-audit-log-page');
          return { element: kindRoute(['PLATFORM'], <AdminAuditLogPage />) };
        },
      },
      { path: '*', element: <Home /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
