import { z } from 'zod';
import { isoInstant, listOf, plainText, queryInt } from './common';

/**
 * Every action the audit log records, `<noun>.<what happened>`. Writers take
 * `AuditAction`, so a new action is added here first; the connection history
 * returns the `connection.*` ones and the SPA translates those.
 */
export const auditAction = z.enum([
  'connection.invite_created',
  'connection.invite_cancelled',
  'connection.invite_expired',
  'connection.accepted',
  'connection.declined',
  'connection.revoked',
  'integration.created',
  'integration.deleted',
  'integration.enabled',
  'integration.disabled',
  'integration.renamed',
  'integration.api_key_rolled',
  'integration.api_key_revoked',
  'integration.access_key_set',
  'integration.access_key_rotated',
  'integration.secret_reencrypted',
  'integration.sap_connected',
  'integration.sap_credentials_replaced',
  'integration.ingested',
  'integration.imported',
  'model_template.version_saved',
  'model_template.reconsolidate',
  'sync_run.retried',
  'secrets.rotated',
  'platform_admin.access',
  'member.invited',
  'member.invite_cancelled',
  'member.invite_expired',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.password_changed',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.logged_out',
  'api_key.created',
  'api_key.revoked',
  'oauth_client.created',
  'oauth_client.revoked',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  /** By the system: 410 Gone, failing for 5 days, or the receiver asked. */
  'webhook_endpoint.disabled',
  'webhook_endpoint.replayed',
  'webhook_message.retried',
  /** The principal's SKU catalogue (issue 13); an import is one row for the file, with its counts. */
  'sku.created',
  'sku.updated',
  'sku.deleted',
  'sku.imported',
  /** Product mapping (issue 13): one row per confirmation request that changed something, with the count and the method(s). */
  'product_mapping.confirmed',
  'product_mapping.deleted',
]);
export type AuditAction = z.infer<typeof auditAction>;

/** Who acted: a signed-in user, an API key, an OAuth client, or the platform itself (no person: an expiry, a sweep). */
export const auditActorType = z.enum(['USER', 'API_KEY', 'OAUTH_CLIENT', 'SYSTEM']);
export type AuditActorType = z.infer<typeof auditActorType>;

/** One row of the audit log as its readers see it (docs/product/api-keys-and-audit.md). */
export const auditLogEvent = z.object({
  id: z.uuid(),
  /** When it happened (the change's transaction). */
  createdAt: z.iso.datetime(),
  /** The organisation whose log it is in. */
  organizationId: z.uuid(),
  action: auditAction,
  actor: z.object({
    type: auditActorType,
    /** The user, key or client id; null for SYSTEM. */
    id: z.string().nullable(),
    /** Its email or name when it acted, kept after it is removed. */
    label: z.string().nullable(),
    /** The actor's own organisation (a platform admin acting on a distributor's integration). */
    organizationId: z.uuid().nullable(),
  }),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** The API request that made the change (`x-request-id`); null for the worker's. */
  requestId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** What changed, never a secret; null when the action changes nothing readable (a login) or predates the field. */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditLogEvent = z.infer<typeof auditLogEvent>;

/** The admin's rows also name the organisation. */
export const adminAuditLogEvent = auditLogEvent.extend({ organizationName: z.string() });
export type AdminAuditLogEvent = z.infer<typeof adminAuditLogEvent>;

/** One or more actions: repeated or comma-separated (`action=a,b`), as the SPA's endpoint client joins an array. */
const actionList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
  .pipe(z.array(auditAction).max(auditAction.options.length));

export const auditEventFilters = z.strictObject({
  action: actionList.optional(),
  /** An actor's id (user, key, client), or its label (an email, a key name) in any case. */
  actor: plainText(320).optional(),
  /** Inclusive. */
  from: isoInstant.optional(),
  /** Exclusive. */
  to: isoInstant.optional(),
});
export type AuditEventFilters = z.infer<typeof auditEventFilters>;

export const auditEventsQuery = auditEventFilters.extend({
  limit: queryInt(1, 200, 50),
  cursor: z.string().max(200).optional(),
});
export type AuditEventsQuery = z.infer<typeof auditEventsQuery>;
export const auditEventsExportQuery = auditEventFilters;

export const adminAuditEventFilters = auditEventFilters.extend({ organizationId: z.uuid().optional() });
export type AdminAuditEventFilters = z.infer<typeof adminAuditEventFilters>;
export const adminAuditEventsQuery = auditEventsQuery.extend({ organizationId: z.uuid().optional() });
export type AdminAuditEventsQuery = z.infer<typeof adminAuditEventsQuery>;

export const auditEventList = listOf(auditLogEvent);
export const adminAuditEventList = listOf(adminAuditLogEvent);

/** The CSV export's columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'organization_id',
  'organization',
  'action',
  'actor_type',
  'actor_id',
  'actor',
  'target_type',
  'target_id',
  'request_id',
  'metadata',
  'before',
  'after',
] as const;
