import { Injectable, Logger } from '@nestjs/common';
import {
  INGEST_MAX_RECORDS,
  type IngestResult,
  type MasterDataImportResult,
  type MasterDataKind,
  masterDataKindOfSlug,
  type MasterDataSlug,
} from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { readImportFile, type Upload } from '../../common/import-file/read-upload';
import { AuditService } from '../audit/audit.service';
import type { IngestPrincipal } from '../integrations/ingestion-keys.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { MasterDataService } from '../master-data/master-data.service';
import { checkRecords, columnSpecOf, rowsToRecords } from './master-data-records';

/**
 * An External integration's master data (docs/product/master-data.md):
 * customers and products pushed with its ingestion key or imported from a
 * file. Invalid records are refused one by one and the valid ones stored
 * (by MasterDataService, whose tables they are), in one transaction that also
 * records last-sync information and the audit event, like documents.
 */
@Injectable()
export class MasterDataIngestService {
  private readonly logger = new Logger(MasterDataIngestService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly masterData: MasterDataService,
    private readonly auditLog: AuditService,
  ) {}

  async ingest(principal: IngestPrincipal, kind: MasterDataKind, items: unknown[]): Promise<IngestResult> {
    const at = new Date();
    const { valid, rejected } = checkRecords(kind, items, at);
    const target = { organizationId: principal.organizationId, integrationId: principal.integrationId };
    const { written } = await this.db.runAsOrg(
      principal.organizationId,
      async (tx) => {
        const result = await this.masterData.store(tx, target, kind, valid);
        await this.integrations.recordIngestion(tx, principal.integrationId, at, rejected.length === 0 ? 'SUCCEEDED' : valid.length > 0 ? 'PARTIAL' : 'FAILED');
        await this.auditLog.record(tx, {
          organizationId: principal.organizationId,
          actorUserId: null,
          actorOrgId: principal.organizationId,
          actor: { type: 'API_KEY', id: principal.apiKeyId, label: principal.apiKeyName },
          action: 'integration.ingested',
          targetType: 'integration',
          targetId: principal.integrationId,
          metadata: { apiKeyId: principal.apiKeyId, masterData: kind, received: items.length, written: result.written, rejected: rejected.length },
        });
        return result;
      },
      { timeoutMs: 60_000 },
    );
    this.logger.log({ msg: 'master data ingested', integrationId: principal.integrationId, kind, received: items.length, written, rejected: rejected.length });
    return { received: items.length, accepted: valid.length, written, unchanged: valid.length - written, rejected };
  }

  /** A CSV or XLSX file of customers or products into one of the caller's External integrations. */
  async importFile(caller: Caller, integrationId: string, slug: MasterDataSlug, upload: Upload): Promise<MasterDataImportResult> {
    const organizationId = caller.organization.id;
    const kind = masterDataKindOfSlug(slug);
    // Refuse early (404/409) before reading a file for an integration that cannot take it.
    await this.db.runAsOrg(organizationId, (tx) => this.integrations.findExternalForImport(tx, integrationId));
    const rows = await readImportFile(upload, columnSpecOf(slug));
    const at = new Date();
    const { records, errors } = rowsToRecords(slug, rows, at);
    const written = await this.db.runAsOrg(
      organizationId,
      async (tx) => {
        await this.integrations.findExternalForImport(tx, integrationId);
        let count = 0;
        for (let i = 0; i < records.length; i += INGEST_MAX_RECORDS) {
          count += (await this.masterData.store(tx, { organizationId, integrationId }, kind, records.slice(i, i + INGEST_MAX_RECORDS))).written;
        }
        await this.integrations.recordIngestion(tx, integrationId, at, errors.length === 0 ? 'SUCCEEDED' : records.length > 0 ? 'PARTIAL' : 'FAILED');
        await this.auditLog.recordBy(tx, caller, {
          action: 'integration.imported',
          targetType: 'integration',
          targetId: integrationId,
          metadata: { masterData: kind, filename: upload.filename, rows: rows.length, records: records.length, written: count, errors: errors.length },
        });
        return count;
      },
      { timeoutMs: 120_000 },
    );
    this.logger.log({ msg: 'master data imported', integrationId, kind, rows: rows.length, records: records.length, written, errors: errors.length });
    return { rows: rows.length, records: records.length, written, unchanged: records.length - written, errors };
  }
}
