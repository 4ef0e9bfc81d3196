import { z } from 'zod';
import { documentType, listOf, plainText, queryInt } from './common';
import { masterDataKind } from './master-data';
import { recordFailureCode, recordFailureParams } from './model-templates';
import { sapConnection, sapSettings } from './sap';

export const integrationKind = z.enum(['DMS', 'SAP', 'EXTERNAL']);
export type IntegrationKind = z.infer<typeof integrationKind>;
export const integrationState = z.enum(['AWAITING_ACCESS_KEY', 'ACTIVE', 'ERROR', 'DISABLED']);
export type IntegrationState = z.infer<typeof integrationState>;
export const syncRunStatus = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED']);
export type SyncRunStatus = z.infer<typeof syncRunStatus>;
/** A run in one of these is under way: at most one per integration and type (partial unique index `sync_runs_one_active`). */
export const ACTIVE_SYNC_RUN_STATUSES = ['QUEUED', 'RUNNING'] as const satisfies readonly SyncRunStatus[];
export const isActiveSyncRun = (status: SyncRunStatus): boolean => (ACTIVE_SYNC_RUN_STATUSES as readonly SyncRunStatus[]).includes(status);
/** What asked for a sync run. */
export const syncTrigger = z.enum(['INITIAL', 'SCHEDULE', 'MANUAL', 'BACKFILL', 'RETRY', 'RECONSOLIDATE']);
export type SyncTrigger = z.infer<typeof syncTrigger>;

/**
 * Why a sync run failed (or ended PARTIAL) and why an integration is in
 * ERROR, as a stable code the SPA translates; the English text next to it
 * (`error`, `stateReason`) stays the detail for logs and support. The four
 * source failures are the same for every pulled kind (a connector's error
 * kinds); their params name the kind as `source` (e.g. DMS).
 */
export const syncErrorCode = z.enum([
  'CREDENTIALS_REJECTED',
  'SOURCE_UNAVAILABLE',
  'SOURCE_RATE_LIMITED',
  'SOURCE_MALFORMED',
  'RETRIES_EXHAUSTED',
  'RETRYING',
  'INTEGRATION_NOT_ACTIVE',
  'NO_ACCESS_KEY',
  'NO_TEMPLATE',
  'JOB_LOST',
  'JOB_STOPPED',
  'RECORDS_QUARANTINED',
  'DISABLED_BY_DISTRIBUTOR',
  /** A master-data run whose source does not offer that kind (a DMS answering 404): the run SUCCEEDED with nothing to pull; never an integration error. */
  'MASTER_DATA_NOT_OFFERED',
  'UNKNOWN',
]);
export type SyncErrorCode = z.infer<typeof syncErrorCode>;
/** Values interpolated into a code's message (HTTP status, attempts, counts, a state, a nested code). */
export const syncErrorParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type SyncErrorParams = z.infer<typeof syncErrorParams>;
/** A stored code as the contract's enum: a code this build does not know reads as UNKNOWN (the text still explains it). */
export function syncErrorCodeOf(stored: string | null): SyncErrorCode | null {
  if (stored === null) return null;
  const parsed = syncErrorCode.safeParse(stored);
  return parsed.success ? parsed.data : 'UNKNOWN';
}
/** Stored params (JSON) as the contract's shape; anything else is dropped rather than sent. */
export function syncErrorParamsOf(stored: unknown): SyncErrorParams | null {
  const parsed = syncErrorParams.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export const integrationName = plainText(120);
/** DMS and External are created at once; SAP only with a connection that passes the test (SPEC 5b). */
export const createIntegrationBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['DMS', 'EXTERNAL']), name: integrationName.optional() }),
  z.strictObject({ kind: z.literal('SAP'), name: integrationName.optional(), sap: sapConnection }),
]);
export type CreateIntegrationBody = z.infer<typeof createIntegrationBody>;

export const renameIntegrationBody = z.strictObject({ name: integrationName });
export type RenameIntegrationBody = z.infer<typeof renameIntegrationBody>;

export const integration = z.object({
  id: z.uuid(),
  kind: integrationKind,
  name: z.string(),
  state: integrationState,
  stateReason: z.string().nullable(),
  stateReasonCode: syncErrorCode.nullable(),
  stateReasonParams: syncErrorParams.nullable(),
  /** DMS only: TenantId and a mask; the key itself is never returned. */
  accessKey: z.object({ tenantId: z.string(), masked: z.string() }).nullable(),
  /** SAP only: where it points and which account signs in; credentials are never returned. */
  sap: sapSettings.nullable(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastSyncStatus: syncRunStatus.nullable(),
  documentCounts: z.partialRecord(documentType, z.number().int()),
  createdAt: z.iso.datetime(),
});
export type Integration = z.infer<typeof integration>;

/** External: the ingestion API key is part of the create answer, once. */
export const createIntegrationResponse = integration.extend({ apiKey: z.string().optional() });
export type CreateIntegrationResponse = z.infer<typeof createIntegrationResponse>;

export const integrationList = listOf(integration);

/** An External integration's ingestion API key as lists show it: the public prefix, never the secret. */
export const ingestionKey = z.object({
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type IngestionKey = z.infer<typeof ingestionKey>;
/** The integration's key in use, or null once revoked. */
export const ingestionKeyState = z.object({ current: ingestionKey.nullable() });
export type IngestionKeyState = z.infer<typeof ingestionKeyState>;
/** A rolled key: the whole key once, in this answer only. */
export const rolledIngestionKey = z.object({ apiKey: z.string(), current: ingestionKey });
export type RolledIngestionKey = z.infer<typeof rolledIngestionKey>;

/** When the worker's schedule next syncs the integration; null when it has none (not pulled, not ACTIVE, or not scheduled yet). */
export const syncSchedule = z.object({ nextSyncAt: z.iso.datetime().nullable() });
export type SyncSchedule = z.infer<typeof syncSchedule>;

export const syncNowBody = z.strictObject({ mode: z.enum(['incremental', 'full']).default('incremental') });

/** `{TenantId}-{PRINCIPAL_ACCESS_KEY}`: digits, a dash, then the free value (which may contain dashes). */
export const ACCESS_KEY_FORMAT = '{TenantId}-{PRINCIPAL_ACCESS_KEY}';
const ACCESS_KEY_RE = /^(\d{1,12})-([\x21-\x7e]{1,200})$/;

export function parseAccessKey(value: string): { tenantId: string; principalKey: string } | null {
  const m = ACCESS_KEY_RE.exec(value.trim());
  return m ? { tenantId: m[1]!, principalKey: m[2]! } : null;
}

export function maskAccessKey(tenantId: string): string {
  return `${tenantId}-••••••••`;
}

export const setAccessKeyBody = z.strictObject({
  accessKey: z
    .string()
    .trim()
    .refine((v) => parseAccessKey(v) !== null, {
      message: `AccessKey must have the format ${ACCESS_KEY_FORMAT}, e.g. 446-bebaspakaivalueapapun`,
      // ZodPipe answers with this stable code instead of VALIDATION_FAILED.
      params: { errorCode: 'ACCESS_KEY_FORMAT' },
    }),
});
export type SetAccessKeyBody = z.infer<typeof setAccessKeyBody>;

export const adminIntegration = integration.extend({
  organization: z.object({ id: z.uuid(), name: z.string() }),
});
export type AdminIntegration = z.infer<typeof adminIntegration>;
export const adminIntegrationList = listOf(adminIntegration);

export const adminIntegrationsQuery = z.strictObject({
  kind: integrationKind.optional(),
  state: integrationState.optional(),
  organizationId: z.uuid().optional(),
  /** Part of the integration's or the distributor's name, any case. */
  q: plainText(120, 0).optional(),
  limit: queryInt(1, 100, 50),
  cursor: z.string().max(200).optional(),
});
export type AdminIntegrationsQuery = z.infer<typeof adminIntegrationsQuery>;

export const syncRun = z.object({
  id: z.uuid(),
  integrationId: z.uuid(),
  documentType: documentType.nullable(),
  /** Set instead of `documentType` for a run that pulled customers or products (docs/product/master-data.md). */
  masterDataKind: masterDataKind.nullable(),
  trigger: syncTrigger,
  status: syncRunStatus,
  attempt: z.number().int(),
  pages: z.number().int(),
  recordsRead: z.number().int(),
  recordsUpserted: z.number().int(),
  recordsQuarantined: z.number().int(),
  error: z.string().nullable(),
  errorCode: syncErrorCode.nullable(),
  errorParams: syncErrorParams.nullable(),
  queuedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type SyncRun = z.infer<typeof syncRun>;
export const syncRunList = listOf(syncRun);

export const syncRunsQuery = z.strictObject({
  limit: queryInt(1, 100, 20),
  cursor: z.string().max(200).optional(),
});

export const syncNowResponse = z.object({
  queued: z.array(z.object({ syncRunId: z.uuid(), documentType })),
  alreadyRunning: z.array(documentType),
  /** Master-data runs queued beside the documents (customers, products), or the one a retry queued. */
  queuedMasterData: z.array(z.object({ syncRunId: z.uuid(), masterDataKind })),
});

/** `/integrations/:id/sync-runs/:runId/…` */
export const syncRunParams = z.strictObject({ id: z.uuid(), runId: z.uuid() });
export type SyncRunParams = z.infer<typeof syncRunParams>;

/** A source record that failed its template, with the reason and the payload as the source sent it. */
export const quarantinedRecord = z.object({
  id: z.uuid(),
  syncRunId: z.uuid(),
  /** Null for a record of a master-data run (customers, products). */
  documentType: documentType.nullable(),
  /** The kind of a master-data run's record; null for a document's. */
  masterDataKind: masterDataKind.nullable(),
  sourceId: z.string().nullable(),
  /** English, the detail for support; `reasonCode` with `reasonParams` is what the SPA shows (null for records quarantined before codes). */
  reason: z.string(),
  reasonCode: recordFailureCode.nullable(),
  reasonParams: recordFailureParams.nullable(),
  payload: z.unknown(),
  createdAt: z.iso.datetime(),
});
export type QuarantinedRecord = z.infer<typeof quarantinedRecord>;
export const quarantinedRecordList = listOf(quarantinedRecord);
export const quarantineQuery = z.strictObject({
  limit: queryInt(1, 500, 100),
});
