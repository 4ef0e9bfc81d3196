import { PassThrough, type Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { DOCUMENT_FILE_HEADER_COLUMNS, type DocumentFilters, escapeSpreadsheetText } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import ExcelJS from 'exceljs';
import type { Tenant } from '../../common/auth.decorators';
import { csvCell, onceDrain, startedRows, writeCsv } from '../../common/csv';
import { OrganizationsService } from '../organizations/organizations.service';
import { dec, isoDay } from './document-format';
import { DocumentsRepository, type Keyset } from './documents.repository';
import { DocumentsService } from './documents.service';

const EXPORT_BATCH = 1000;
const EXPORT_COLUMNS = [
  'distributor',
  'type',
  ...DOCUMENT_FILE_HEADER_COLUMNS,
  'currency',
  'subtotal',
  'discount',
  'tax',
  'total',
  'line_no',
  'product_code',
  'product_name',
  'quantity',
  'unit',
  'quantity_base',
  'unit_price',
  'line_discount',
  'line_tax',
  'line_amount',
] as const;
const NUMERIC = new Set([
  'subtotal',
  'discount',
  'tax',
  'total',
  'line_no',
  'quantity',
  'quantity_base',
  'unit_price',
  'line_discount',
  'line_tax',
  'line_amount',
]);
type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/** `GET /api/documents/export`: every matching document line as CSV or XLSX, streamed. */
@Injectable()
export class DocumentsExportService {
  private readonly logger = new Logger(DocumentsExportService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: DocumentsRepository,
    private readonly documents: DocumentsService,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * Streams every matching document line as CSV or XLSX, a batch at a time
   * (keyset pages), so memory stays flat however large the export is. The
   * first batch is read before the answer starts: whatever fails there is an
   * error answer, not a file cut off after its header row (issue 15).
   */
  async export(tenant: Tenant, q: DocumentFilters & { format: 'csv' | 'xlsx' }): Promise<{ stream: Readable; contentType: string; filename: string }> {
    const out = new PassThrough();
    const stamp = new Date().toISOString().slice(0, 10);
    const rows = await startedRows(this.exportRows(tenant, q));
    if (q.format === 'csv') {
      const lines = (async function* () {
        for await (const row of rows) yield EXPORT_COLUMNS.map((c) => csvCell(row[c], NUMERIC.has(c) ? 'number' : 'text'));
      })();
      void writeCsv(out, EXPORT_COLUMNS, lines).catch((err: unknown) => this.fail(out, err));
      return { stream: out, contentType: 'text/csv; charset=utf-8', filename: `documents-${stamp}.csv` };
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet('Documents');
    sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c, key: c }));
    void (async () => {
      for await (const row of rows) {
        const cells: Record<string, string | number> = {};
        for (const c of EXPORT_COLUMNS) {
          const v = row[c];
          cells[c] = NUMERIC.has(c) ? Number(v) : escapeSpreadsheetText(String(v ?? ''));
        }
        sheet.addRow(cells).commit();
        // Backpressure: the zip writer pipes into `out`; wait while the client is behind.
        if (out.destroyed) return;
        if (out.writableNeedDrain) await onceDrain(out);
      }
      sheet.commit();
      await workbook.commit();
    })().catch((err: unknown) => this.fail(out, err));
    return {
      stream: out,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `documents-${stamp}.xlsx`,
    };
  }

  private fail(out: PassThrough, err: unknown) {
    this.logger.error({ err }, 'export failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  }

  private async *exportRows(tenant: Tenant, filters: DocumentFilters): AsyncGenerator<ExportRow> {
    let after: Keyset['after'];
    for (;;) {
      const batch = await this.db.readAsOrg(tenant.organization.id, async (tx: OrgTx) => {
        const orgIds = await this.documents.visibleOrganizations(tx, tenant);
        const docs = await this.repo.page(tx, filters, orgIds, { sort: 'date_desc', ...(after ? { after } : {}) }, EXPORT_BATCH);
        const lines = docs.length
          ? await this.repo.linesFor(
              tx,
              docs.map((d) => d.id),
            )
          : [];
        const names = await this.organizations.namesOf(tx, [...new Set(docs.map((d) => d.organizationId))]);
        return { docs, lines, names };
      });
      const linesByDoc = new Map<string, typeof batch.lines>();
      for (const l of batch.lines) linesByDoc.set(l.documentId, [...(linesByDoc.get(l.documentId) ?? []), l]);
      for (const d of batch.docs) {
        const head = {
          distributor: batch.names.get(d.organizationId) ?? '',
          type: d.type,
          number: d.number,
          date: isoDay(d.date),
          party_code: d.partyCode,
          party_name: d.partyName,
          salesman_code: d.salesmanCode,
          status: d.status,
          currency: d.currency,
          subtotal: dec(d.subtotal),
          discount: dec(d.discount),
          tax: dec(d.tax),
          total: dec(d.total),
        };
        const lines = linesByDoc.get(d.id) ?? [];
        if (lines.length === 0) {
          yield {
            ...head,
            line_no: null,
            product_code: null,
            product_name: null,
            quantity: null,
            unit: null,
            quantity_base: null,
            unit_price: null,
            line_discount: null,
            line_tax: null,
            line_amount: null,
          };
        }
        for (const l of lines) {
          yield {
            ...head,
            line_no: l.lineNo,
            product_code: l.productCode,
            product_name: l.productName,
            quantity: dec(l.quantity, 4),
            unit: l.unit,
            quantity_base: dec(l.quantityBase, 4),
            unit_price: dec(l.unitPrice),
            line_discount: dec(l.discount),
            line_tax: dec(l.tax),
            line_amount: dec(l.amount),
          };
        }
      }
      const last = batch.docs.at(-1);
      if (!last || batch.docs.length < EXPORT_BATCH) return;
      after = { value: last.date, id: last.id };
    }
  }
}
