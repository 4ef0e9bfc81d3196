import type { OrganizationKind, Permission } from '@portal/contracts';

export interface NavItem {
  to: string;
  labelKey: string;
  /** Served by the API outside the SPA (the queue dashboard): a full page load, not a router link. */
  external?: boolean;
  /** Listed only for roles with this permission (a page whose every call needs it). */
  permission?: Permission;
}

/**
 * What each kind of organisation works with. The first item is its home (where
 * sign-in lands: setting up integrations or connections comes first); Insight
 * follows it, before the lists its figures drill into.
 */
export function navItemsFor(kind: OrganizationKind): NavItem[] {
  switch (kind) {
    case 'DISTRIBUTOR':
      return [
        { to: '/integrations', labelKey: 'nav.integrations' },
        { to: '/insight', labelKey: 'nav.insight' },
        { to: '/documents', labelKey: 'nav.documents' },
        { to: '/master-data', labelKey: 'nav.masterData' },
        { to: '/team', labelKey: 'nav.team' },
        { to: '/api-access', labelKey: 'nav.apiAccess' },
        { to: '/webhooks', labelKey: 'nav.webhooks', permission: 'webhooks:manage' },
        { to: '/audit-log', labelKey: 'nav.auditLog' },
      ];
    case 'PRINCIPAL':
      return [
        { to: '/connections', labelKey: 'nav.connections' },
        { to: '/insight', labelKey: 'nav.insight' },
        { to: '/documents', labelKey: 'nav.documents' },
        { to: '/catalogue', labelKey: 'nav.catalogue' },
        { to: '/product-mapping', labelKey: 'nav.productMapping' },
        { to: '/master-data', labelKey: 'nav.masterData' },
        { to: '/team', labelKey: 'nav.team' },
        { to: '/api-access', labelKey: 'nav.apiAccess' },
        { to: '/webhooks', labelKey: 'nav.webhooks', permission: 'webhooks:manage' },
        { to: '/audit-log', labelKey: 'nav.auditLog' },
      ];
    case 'PLATFORM':
      return [
        { to: '/admin/access-keys', labelKey: 'nav.accessKeys' },
        { to: '/admin/integrations', labelKey: 'nav.adminIntegrations' },
        { to: '/admin/audit-log', labelKey: 'nav.adminAuditLog' },
        { to: '/team', labelKey: 'nav.team' },
        { to: '/api/admin/queues', labelKey: 'nav.queues', external: true },
      ];
  }
}
