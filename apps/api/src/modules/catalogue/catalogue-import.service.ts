import { Injectable } from '@nestjs/common';
import type { SkuImportResult } from '@portal/contracts';
import { isUniqueViolation, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Actor } from '../../common/auth.decorators';
import { readImportFile, type Upload } from '../../common/import-file/read-upload';
import { AuditService } from '../audit/audit.service';
import { CatalogueRepository, type SkuData, type SkuRow } from './catalogue.repository';
import { editable, SKU_CODE_UNIQUE, skuData } from './catalogue.service';
import { parseSkuRows, SKU_COLUMNS } from './sku-import.parser';

/** Codes looked up per query: far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 5_000;

/**
 * SKU import from CSV/XLSX (docs/product/master-data.md), upserted by code.
 * All or nothing: a file with an invalid row writes nothing and answers 422
 * with every row's errors; a dry run answers the same counts without writing
 * (the screen's preview). One `sku.imported` audit row per file.
 */
@Injectable()
export class CatalogueImportService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: CatalogueRepository,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, upload: Upload, dryRun: boolean): Promise<SkuImportResult> {
    const organizationId = actor.organization.id;
    const rows = await readImportFile(upload, SKU_COLUMNS);
    const { skus, errors } = parseSkuRows(rows);
    const wanted = skus.map((s) => skuData(s.sku));
    const work = async (write: boolean) =>
      this.db.runAsOrg(organizationId, async (tx) => {
        const existing = new Map<string, SkuRow>();
        for (let i = 0; i < wanted.length; i += CHUNK) {
          for (const row of await this.repo.findByCodes(
            tx,
            organizationId,
            wanted.slice(i, i + CHUNK).map((w) => w.code),
          ))
            existing.set(row.code, row);
        }
        const created = wanted.filter((w) => !existing.has(w.code));
        const changed = wanted.filter((w) => existing.has(w.code) && !same(existing.get(w.code)!, w));
        const counts = { rows: rows.length, created: created.length, updated: changed.length, unchanged: wanted.length - created.length - changed.length };
        if (!write) return counts;
        for (let i = 0; i < created.length; i += CHUNK) await this.repo.createMany(tx, organizationId, created.slice(i, i + CHUNK));
        for (const w of changed) await this.repo.update(tx, existing.get(w.code)!.id, w);
        await this.audit.recordByActor(tx, actor, {
          action: 'sku.imported',
          targetType: 'principal_sku_catalogue',
          targetId: organizationId,
          metadata: { filename: upload.filename, ...counts },
        });
        return counts;
      });

    if (dryRun) return { ...(await work(false)), written: false, errors };
    if (errors.length > 0) {
      const invalidRows = new Set(errors.map((e) => e.row)).size;
      throw new AppError(422, 'SKU_IMPORT_ROWS_INVALID', `${invalidRows} row(s) of the file are invalid; nothing was imported`, { rows: rows.length, errors });
    }
    try {
      return { ...(await work(true)), written: true, errors };
    } catch (err) {
      // Another import or a user took a code between the lookup and the insert.
      if (isUniqueViolation(err, SKU_CODE_UNIQUE) || isUniqueViolation(err, ['organization_id', 'code'])) {
        throw new AppError(409, 'SKU_CODE_TAKEN', 'A SKU of the file was added meanwhile; import the file again');
      }
      throw err;
    }
  }
}

function same(row: SkuRow, w: SkuData): boolean {
  const a = editable(row);
  return (
    a.name === w.name &&
    a.brand === w.brand &&
    a.category === w.category &&
    a.baseUnit === w.baseUnit &&
    a.barcode === w.barcode &&
    JSON.stringify(a.conversions) === JSON.stringify(w.conversions)
  );
}
