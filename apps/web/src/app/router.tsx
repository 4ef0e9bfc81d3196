import type { OrganizationKind } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ui/ui';
import { AccessKeysPage } from '../features/admin/routes/access-keys-page';
import { AdminIntegrationPage } from '../features/admin/routes/admin-integration-page';
import { AdminIntegrationsPage } from '../features/admin/routes/admin-integrations-page';
import { LoginPage } from '../features/auth/routes/login-page';
import { RegisterPage } from '../features/auth/routes/register-page';
import { ConnectionsPage } from '../features/connections/routes/connections-page';
import { DistributorConnections } from '../features/connections/routes/distributor-connections';
import { InvitePage } from '../features/connections/routes/invite-page';
import { DocumentsPage } from '../features/documents/routes/documents-page';
import { IntegrationDetailPage } from '../features/integrations/routes/integration-detail-page';
import { IntegrationsPage } from '../features/integrations/routes/integrations-page';
import { ModelTemplateList } from '../features/model-templates/components/model-template-list';
import { AppLayout } from '../features/shell/components/app-layout';
import { navItemsFor } from '../features/shell/components/nav-items';
import { useMe } from '../lib/session';

function Loading() {
  const { t } = useTranslation();
  return <div className="loading">{t('common.loading')}</div>;
}

/** Signed-in area: sends visitors to /login?next=… and back afterwards. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorAlert error={me.error} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <AppLayout me={me.data} />;
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
  if (me.isPending) return <Loading />;
  return <Outlet />;
}

const kindRoute = (kinds: OrganizationKind[], el: React.ReactNode) => <RequireKind kinds={kinds}>{el}</RequireKind>;

const router = createBrowserRouter([
  {
    element: <PublicOnly />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/invites/:token', element: <InvitePage /> },
    ],
  },
  {
    element: <RequireSession />,
    children: [
      { path: '/', element: <Home /> },
      {
        path: '/integrations',
        element: kindRoute(['DISTRIBUTOR'], <IntegrationsPage />),
        // The distributor's connections live in their own feature and show on its integrations page.
        children: [{ index: true, element: <DistributorConnections /> }],
      },
      // Its model templates are their own feature, composed into the page here.
      { path: '/integrations/:id', element: kindRoute(['DISTRIBUTOR'], <IntegrationDetailPage templates={(slot) => <ModelTemplateList {...slot} />} />) },
      { path: '/connections', element: kindRoute(['PRINCIPAL'], <ConnectionsPage />) },
      { path: '/documents', element: kindRoute(['DISTRIBUTOR', 'PRINCIPAL'], <DocumentsPage />) },
      { path: '/admin/access-keys', element: kindRoute(['PLATFORM'], <AccessKeysPage />) },
      { path: '/admin/integrations', element: kindRoute(['PLATFORM'], <AdminIntegrationsPage />) },
      { path: '/admin/integrations/:id', element: kindRoute(['PLATFORM'], <AdminIntegrationPage />) },
      { path: '*', element: <Home /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
