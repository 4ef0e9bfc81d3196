import {
  type DocumentType,
  type IntegrationKind,
  type MasterDataKind,
  type PortalEvent,
  type SyncErrorCode,
  syncErrorCodeOf,
  type SyncTrigger,
} from '@portal/contracts';
import type { OrgTx } from '@portal/db';
import { buildEvent, documentsUpdatedEvents } from '@portal/domain';

/** The sync_runs columns the events read (a row as Prisma answers it). */
export interface RunRow {
  id: string;
  organizationId: string;
  integrationId: string;
  documentType: DocumentType | null;
  masterDataKind: MasterDataKind | null;
  trigger: SyncTrigger;
  recordsRead: number;
  recordsUpserted: number;
  recordsQuarantined: number;
  error: string | null;
  errorCode: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunIntegration {
  name: string;
  kind: IntegrationKind;
}

/**
 * Whether BullMQ tries a failed run again: `final` once no retry is left,
 * else when it will (null: not known, BullMQ jitters the backoff) and why
 * this attempt failed (the run itself says "retrying" meanwhile).
 */
export type RunFailure = { final: true } | { final: false; nextAttemptAt: Date | null; cause: { code: SyncErrorCode; message: string } };

/**
 * What a run's outcome announces to its distributor (docs/product/events.md):
 * `sync_run.finished` for SUCCEEDED or PARTIAL, `sync_run.failed` for a
 * failed attempt (`failure` says whether it was the last one). A
 * master-data run names its kind (`masterDataKind`) instead of a type.
 */
export function runOutcomeEvent(run: RunRow, integration: RunIntegration, failure: RunFailure | null, at: Date): PortalEvent {
  const data = {
    runId: run.id,
    integrationId: run.integrationId,
    integrationName: integration.name,
    integrationKind: integration.kind,
    documentType: run.documentType,
    masterDataKind: run.masterDataKind,
    trigger: run.trigger,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: (run.finishedAt ?? at).toISOString(),
    counts: { read: run.recordsRead, upserted: run.recordsUpserted, quarantined: run.recordsQuarantined },
  };
  if (!failure) {
    const status = run.recordsQuarantined > 0 ? 'PARTIAL' : 'SUCCEEDED';
    return buildEvent('sync_run.finished', run.organizationId, { ...data, status }, at);
  }
  return buildEvent(
    'sync_run.failed',
    run.organizationId,
    {
      ...data,
      status: 'FAILED',
      error: failure.final ? { code: syncErrorCodeOf(run.errorCode), message: run.error ?? '' } : failure.cause,
      final: failure.final,
      nextAttemptAt: !failure.final && failure.nextAttemptAt ? failure.nextAttemptAt.toISOString() : null,
    },
    at,
  );
}

/**
 * The documents a run wrote over all its attempts, announced once, in the
 * transaction that ends it: to the distributor and its principals connected
 * for the run's type and integration. Nothing if it wrote nothing, nor
 * for a master-data run (no document type): customers and products are not documents.
 */
export function runDocumentsEvents(tx: OrgTx, run: RunRow, at: Date): Promise<PortalEvent[]> {
  if (!run.documentType || run.recordsUpserted === 0) return Promise.resolve([]);
  return documentsUpdatedEvents(
    tx,
    {
      distributorId: run.organizationId,
      integrationId: run.integrationId,
      runId: run.id,
      written: { [run.documentType]: run.recordsUpserted },
      from: run.startedAt ?? run.queuedAt,
      to: run.finishedAt ?? at,
    },
    at,
  );
}
