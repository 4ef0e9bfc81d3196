import type { NotificationKind, PortalEvent, PortalEventOf, WebhookDisabledReason } from '@portal/contracts';

/** What one notification says: its kind, the values its text is filled with (all strings) and the SPA route it is about. */
export interface NotificationDraft {
  kind: NotificationKind;
  params: Record<string, string>;
  link: string;
}

/**
 * The notification an event calls for, or null (docs/product/events.md,
 * "Alerts": what needs a person). A failed run is told only once no retry is
 * left; an integration only when it moves into ERROR; every connection change;
 * nothing for finished runs, new documents or test pings.
 */
export function notificationOf(event: PortalEvent): NotificationDraft | null {
  switch (event.type) {
    case 'sync_run.failed': {
      const d = event.data;
      if (!d.final) return null;
      return {
        kind: 'sync_failed',
        params: compact({
          integrationName: d.integrationName,
          integrationKind: d.integrationKind,
          documentType: d.documentType,
          errorCode: d.error.code,
          error: d.error.message,
        }),
        link: `/integrations/${d.integrationId}`,
      };
    }
    case 'integration.state_changed': {
      const d = event.data;
      if (d.state !== 'ERROR' || d.previousState === 'ERROR') return null;
      return {
        kind: 'integration_error',
        params: compact({ integrationName: d.integrationName, integrationKind: d.integrationKind, reasonCode: d.reasonCode, reason: d.reason }),
        link: `/integrations/${d.integrationId}`,
      };
    }
    case 'connection.requested':
      // Only a principal sends invites: its connections screen lists them.
      return { kind: 'connection_requested', params: compact({ expiresAt: event.data.expiresAt, requestedBy: event.data.requestedBy }), link: '/connections' };
    case 'connection.accepted':
      return connection('connection_accepted', event);
    case 'connection.declined':
      return connection('connection_declined', event);
    case 'connection.revoked':
      return connection('connection_revoked', event);
    case 'sync_run.finished':
    case 'documents.updated':
    case 'webhook_endpoint.test':
      return null;
  }
}

/** A disabled webhook endpoint, told to those who manage webhooks. */
export function endpointDisabledNotification(endpoint: { endpointId: string; url: string; reason: WebhookDisabledReason }): NotificationDraft {
  return { kind: 'webhook_endpoint_disabled', params: { url: endpoint.url, reason: endpoint.reason }, link: `/webhooks/${endpoint.endpointId}` };
}

type ConnectionEvent = PortalEventOf<'connection.accepted' | 'connection.declined' | 'connection.revoked'>;

/**
 * Either side of a connection may receive its change: `partnerName` is the
 * other side. A distributor's connections show on its integrations page, a
 * principal's on its connections page (apps/web/src/app/router.tsx).
 */
function connection(kind: NotificationKind, event: ConnectionEvent): NotificationDraft {
  const d = event.data;
  const toDistributor = event.organizationId === d.distributorId;
  return {
    kind,
    params: { principalName: d.principalName, distributorName: d.distributorName, partnerName: toDistributor ? d.principalName : d.distributorName },
    link: toDistributor ? '/integrations' : '/connections',
  };
}

/** Params are strings: absent values are left out rather than sent as "null". */
function compact(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));
}
