import { Injectable, Logger } from '@nestjs/common';
import {
  type CanonicalDocument,
  type DocumentType,
  type ImportResult,
  type IngestDocument,
  ingestDocument,
  type IngestResult,
  INGEST_MAX_DOCUMENTS,
} from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { type DocumentsWritten, documentsUpdatedEvents, type QueuedEvent } from '@portal/domain';
import type { Actor } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { DocumentsService } from '../documents/documents.service';
import { EventOutbox } from '../events/event-outbox';
import type { IngestPrincipal } from '../integrations/ingestion-keys.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { readImportFile, type Upload } from '../../common/import-file/read-upload';
import { DOCUMENT_COLUMNS, rowsToDocuments, sumMoney } from './import-file.parser';

/**
 * External integrations' data paths: documents pushed with the API key and
 * files imported through the screen. Both end in DocumentsService.ingest
 * (the documents module owns the tables) inside the organisation's
 * transaction, and both record last-sync information on the integration.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly documents: DocumentsService,
    private readonly auditLog: AuditService,
    private readonly events: EventOutbox,
  ) {}

  async ingest(principal: IngestPrincipal, type: DocumentType, items: unknown[]): Promise<IngestResult> {
    const rejected: IngestResult['rejected'] = [];
    const valid: CanonicalDocument[] = [];
    const seen = new Set<string>();
    const at = new Date();
    items.forEach((item, index) => {
      const sourceId = sourceIdOf(item);
      const parsed = ingestDocument.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.') || null;
        const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
        rejected.push({ index, sourceId, code: missing ? 'MISSING_VALUE' : 'INVALID_FIELD', field, reason: `${field ?? 'document'}: ${issue.message}` });
        return;
      }
      const doc = parsed.data;
      if (seen.has(doc.sourceId)) {
        rejected.push({ index, sourceId, code: 'DUPLICATE_SOURCE_ID', field: 'sourceId', reason: 'The same sourceId appears earlier in this batch' });
        return;
      }
      const duplicateLine = firstDuplicateLineNo(doc);
      if (duplicateLine !== null) {
        rejected.push({ index, sourceId, code: 'INVALID_FIELD', field: 'lines', reason: `lines: lineNo ${duplicateLine} appears twice` });
        return;
      }
      seen.add(doc.sourceId);
      valid.push(toCanonical(doc, at));
    });

    const { written, queued } = await this.db.runAsOrg(
      principal.organizationId,
      async (tx) => {
        const result = await this.documents.ingest(tx, { organizationId: principal.organizationId, integrationId: principal.integrationId, type }, valid);
        const queued = await this.announce(
          tx,
          { distributorId: principal.organizationId, integrationId: principal.integrationId, written: { [type]: result.written } },
          at,
        );
        await this.integrations.recordIngestion(tx, principal.integrationId, at, rejected.length === 0 ? 'SUCCEEDED' : valid.length > 0 ? 'PARTIAL' : 'FAILED');
        await this.auditLog.record(tx, {
          organizationId: principal.organizationId,
          actorUserId: null,
          actorOrgId: principal.organizationId,
          actor: { type: 'API_KEY', id: principal.apiKeyId, label: principal.apiKeyName },
          action: 'integration.ingested',
          targetType: 'integration',
          targetId: principal.integrationId,
          metadata: { apiKeyId: principal.apiKeyId, type, received: items.length, written: result.written, rejected: rejected.length },
        });
        return { written: result.written, queued };
      },
      { timeoutMs: 60_000 },
    );
    await this.events.dispatch(principal.organizationId, queued);
    this.logger.log({ msg: 'ingested', integrationId: principal.integrationId, type, received: items.length, written, rejected: rejected.length });
    return { received: items.length, accepted: valid.length, written, unchanged: valid.length - written, rejected };
  }

  /** A CSV or XLSX file of document lines into one of the caller's External integrations (a user, or a machine with ingest:write). */
  async importFile(actor: Actor, integrationId: string, upload: Upload): Promise<ImportResult> {
    const organizationId = actor.organization.id;
    const machine = 'credential' in actor ? { [actor.credential.kind === 'api_key' ? 'apiKeyId' : 'oauthClientId']: actor.credential.id } : {};
    // Refuse early (404/409) before reading a file for an integration that cannot take it.
    await this.db.runAsOrg(organizationId, (tx) => this.integrations.findExternalForImport(tx, integrationId));
    const rows = await readImportFile(upload, DOCUMENT_COLUMNS);
    const { documents, errors } = rowsToDocuments(rows);
    const at = new Date();
    const byType = new Map<DocumentType, CanonicalDocument[]>();
    for (const d of documents) byType.set(d.type, [...(byType.get(d.type) ?? []), toCanonical(d.document, at)]);

    const { written, queued } = await this.db.runAsOrg(
      organizationId,
      async (tx: OrgTx) => {
        await this.integrations.findExternalForImport(tx, integrationId);
        let count = 0;
        const writtenByType: DocumentsWritten['written'] = {};
        for (const [type, docs] of byType) {
          for (let i = 0; i < docs.length; i += INGEST_MAX_DOCUMENTS) {
            const r = await this.documents.ingest(tx, { organizationId, integrationId, type }, docs.slice(i, i + INGEST_MAX_DOCUMENTS));
            count += r.written;
            writtenByType[type] = (writtenByType[type] ?? 0) + r.written;
          }
        }
        const queued = await this.announce(tx, { distributorId: organizationId, integrationId, written: writtenByType }, at);
        await this.integrations.recordIngestion(tx, integrationId, at, errors.length === 0 ? 'SUCCEEDED' : documents.length > 0 ? 'PARTIAL' : 'FAILED');
        await this.auditLog.record(tx, {
          organizationId,
          actorUserId: 'credential' in actor ? null : actor.user.id,
          actorOrgId: organizationId,
          ...('credential' in actor
            ? {
                actor: {
                  type: actor.credential.kind === 'api_key' ? 'API_KEY' : 'OAUTH_CLIENT',
                  id: actor.credential.id,
                  label: actor.credential.name,
                } as const,
              }
            : {}),
          action: 'integration.imported',
          targetType: 'integration',
          targetId: integrationId,
          metadata: { ...machine, filename: upload.filename, rows: rows.length, documents: documents.length, written: count, errors: errors.length },
        });
        return { written: count, queued };
      },
      { timeoutMs: 120_000 },
    );
    await this.events.dispatch(organizationId, queued);
    this.logger.log({ msg: 'imported', integrationId, rows: rows.length, documents: documents.length, written, errors: errors.length });
    return { rows: rows.length, documents: documents.length, written, unchanged: documents.length - written, errors };
  }

  /**
   * `documents.updated` for what one ingestion or import wrote (no sync run:
   * `runId` null; its window from receiving the request to writing it), to
   * the distributor and its principals connected for those types.
   */
  private async announce(tx: OrgTx, w: Pick<DocumentsWritten, 'distributorId' | 'integrationId' | 'written'>, from: Date): Promise<QueuedEvent[]> {
    const to = new Date();
    return this.events.queueAll(tx, w.distributorId, await documentsUpdatedEvents(tx, { ...w, runId: null, from, to }, to));
  }
}

function sourceIdOf(item: unknown): string | null {
  const v = typeof item === 'object' && item !== null ? (item as { sourceId?: unknown }).sourceId : undefined;
  return typeof v === 'string' ? v : null;
}

function firstDuplicateLineNo(doc: IngestDocument): number | null {
  const seen = new Set<number>();
  for (const [i, l] of doc.lines.entries()) {
    const n = l.lineNo ?? i + 1;
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return null;
}

/** Fills what the sender may leave out; `at` stands in for a missing source version. */
function toCanonical(d: IngestDocument, at: Date): CanonicalDocument {
  return {
    sourceId: d.sourceId,
    sourceUpdatedAt: d.sourceUpdatedAt ? new Date(d.sourceUpdatedAt).toISOString() : at.toISOString(),
    number: d.number,
    date: d.date,
    partyCode: d.partyCode ?? null,
    partyName: d.partyName ?? null,
    salesmanCode: d.salesmanCode ?? null,
    currency: d.currency,
    subtotal: d.subtotal ?? sumMoney(d.lines.map((l) => l.amount)),
    discount: d.discount,
    tax: d.tax,
    total: d.total,
    status: d.status ?? null,
    lines: d.lines.map((l, i) => ({
      lineNo: l.lineNo ?? i + 1,
      productCode: l.productCode,
      productName: l.productName ?? null,
      quantity: l.quantity,
      unit: l.unit,
      quantityBase: l.quantityBase ?? l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      tax: l.tax,
      amount: l.amount,
    })),
  };
}
