import type { DocumentType, IntegrationKind, IntegrationState, PortalEvent, SyncErrorCode } from '@portal/contracts';
import { documentReceivers, type OrgTx } from '@portal/db';
import { buildEvent } from './events';

/** An integration as the state-change event names it, with its state before the move. */
export interface IntegrationBefore {
  id: string;
  name: string;
  kind: IntegrationKind;
  organizationId: string;
  state: IntegrationState;
}

/**
 * `integration.state_changed` to the integration's organisation for a move
 * written by `integrationState`, or null when the state stays what it was
 * (a reason changing alone is no state change). `changedBy` is a user's id,
 * or `system` for the worker.
 */
export function integrationStateChanged(
  before: IntegrationBefore,
  next: { state: IntegrationState; stateReason: string | null; stateReasonCode: SyncErrorCode | null },
  changedBy: string,
  at: Date,
): PortalEvent | null {
  if (next.state === before.state) return null;
  return buildEvent(
    'integration.state_changed',
    before.organizationId,
    {
      integrationId: before.id,
      integrationName: before.name,
      integrationKind: before.kind,
      previousState: before.state,
      state: next.state,
      reasonCode: next.stateReasonCode,
      reason: next.stateReason,
      changedBy,
    },
    at,
  );
}

/** Documents one run (or one ingestion, `runId` null) wrote, counted per type, over the time it ran. */
export interface DocumentsWritten {
  distributorId: string;
  integrationId: string;
  runId: string | null;
  written: Partial<Record<DocumentType, number>>;
  from: Date;
  to: Date;
}

/**
 * `documents.updated`, at most one per receiver: to the distributor for
 * everything written, and to each connected principal for the written types
 * its connection covers (`documentReceivers` in packages/db decides who).
 * Nothing when nothing was written. Read in the writing transaction, so the
 * receivers are those connected when the documents arrived.
 */
export async function documentsUpdatedEvents(tx: OrgTx, w: DocumentsWritten, at: Date): Promise<PortalEvent[]> {
  const types = (Object.keys(w.written) as DocumentType[]).filter((t) => (w.written[t] ?? 0) > 0).sort();
  if (types.length === 0) return [];
  const receivers = await documentReceivers(tx, { distributorId: w.distributorId, integrationId: w.integrationId, types });
  const eventFor = (organizationId: string, seen: DocumentType[]) =>
    buildEvent(
      'documents.updated',
      organizationId,
      {
        distributorId: w.distributorId,
        distributorName: receivers.distributorName,
        integrationId: w.integrationId,
        runId: w.runId,
        documentTypes: seen,
        count: seen.reduce((n, t) => n + (w.written[t] ?? 0), 0),
        from: w.from.toISOString(),
        to: w.to.toISOString(),
        link: documentsLink(w.distributorId, w.integrationId, seen),
      },
      at,
    );
  return [eventFor(w.distributorId, types), ...receivers.principals.map((p) => eventFor(p.principalId, p.types))];
}

/** The documents list (`GET /api/documents`, contracts `documentsQuery`) narrowed to the distributor, integration and, when one, the type. */
function documentsLink(distributorId: string, integrationId: string, types: DocumentType[]): string {
  const q = new URLSearchParams({ ...(types.length === 1 ? { type: types[0]! } : {}), distributorId, integrationId });
  return `/api/documents?${q.toString()}`;
}
