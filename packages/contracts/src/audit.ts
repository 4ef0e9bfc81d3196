import { z } from 'zod';

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
  'api_key.created',
  'api_key.revoked',
  'oauth_client.created',
  'oauth_client.revoked',
]);
export type AuditAction = z.infer<typeof auditAction>;
