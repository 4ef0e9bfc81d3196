import { Injectable } from '@nestjs/common';
import { escapeSpreadsheetText, type InsightDimension, insightDimension, type InsightTrendQuery, type MailLocale } from '@portal/contracts';
import ExcelJS from 'exceljs';
import type { Actor, Tenant } from '../../common/auth.decorators';
import { InsightSummaryService } from './insight-summary.service';
import { InsightTopService } from './insight-top.service';
import { InsightTrendService } from './insight-trend.service';

/** The export's words: Bahasa Indonesia first (the portal's language), English for a user who chose it. */
const WORDS = {
  id: {
    summary: 'Ringkasan',
    trend: 'Tren',
    measure: 'Ukuran',
    measures: { sell_out: 'Sell-out (penjualan dikurangi retur)', sell_in: 'Sell-in (pembelian)' },
    range: 'Periode',
    previousRange: 'Periode sebelumnya',
    summaryColumns: [
      'Mata uang',
      'Nilai',
      'Kuantitas (satuan dasar)',
      'Outlet aktif',
      'SKU terjual',
      'Nilai periode sebelumnya',
      'Kuantitas periode sebelumnya',
      'Outlet aktif periode sebelumnya',
      'SKU terjual periode sebelumnya',
      'Pertumbuhan',
      'Baris tak terkonversi',
      'Baris belum dipetakan',
    ],
    trendColumns: ['Periode', 'Mata uang', 'Nilai', 'Kuantitas (satuan dasar)'],
    topColumns: ['Peringkat', 'Kode', 'Nama', 'Mata uang', 'Nilai', 'Kuantitas (satuan dasar)', 'Pangsa', 'Distributor'],
    top: 'Top',
    dimensions: {
      sku: 'SKU',
      product: 'Produk',
      brand: 'Merek',
      category: 'Kategori',
      distributor: 'Distributor',
      city: 'Kota',
      customer: 'Pelanggan',
      salesman: 'Salesman',
    },
  },
  en: {
    summary: 'Summary',
    trend: 'Trend',
    measure: 'Measure',
    measures: { sell_out: 'Sell-out (sales minus returns)', sell_in: 'Sell-in (purchases)' },
    range: 'Range',
    previousRange: 'Previous range',
    summaryColumns: [
      'Currency',
      'Value',
      'Quantity (base unit)',
      'Active outlets',
      'SKUs sold',
      'Previous value',
      'Previous quantity',
      'Previous active outlets',
      'Previous SKUs sold',
      'Growth',
      'Unconvertible lines',
      'Unmapped lines',
    ],
    trendColumns: ['Period', 'Currency', 'Value', 'Quantity (base unit)'],
    topColumns: ['Rank', 'Code', 'Name', 'Currency', 'Value', 'Quantity (base unit)', 'Share', 'Distributor'],
    top: 'Top',
    dimensions: {
      sku: 'SKU',
      product: 'Products',
      brand: 'Brands',
      category: 'Categories',
      distributor: 'Distributors',
      city: 'Cities',
      customer: 'Customers',
      salesman: 'Salesmen',
    },
  },
} as const;

const TOP_LIMIT = 100;
const num = (v: string | null) => (v === null ? null : Number(v));
const text = (v: string | null) => (v === null ? null : escapeSpreadsheetText(v));

/**
 * `GET /api/insight/export.xlsx`: what the insight screen shows for the same
 * filters, as a workbook: the tiles, the trend and the top 100 of every
 * dimension the caller has (a distributor: no SKU, no distributor sheet).
 * Numbers are numbers with the currency in its own column; the file is a few
 * hundred rows, so it is built in memory.
 */
@Injectable()
export class InsightExportService {
  constructor(
    private readonly summaries: InsightSummaryService,
    private readonly trends: InsightTrendService,
    private readonly tops: InsightTopService,
  ) {}

  async workbook(actor: Actor, q: InsightTrendQuery): Promise<{ body: Buffer; contentType: string; filename: string }> {
    const tenant: Tenant = { organization: { id: actor.organization.id, kind: actor.organization.kind } };
    const locale: MailLocale = 'credential' in actor ? 'id' : actor.user.locale;
    const w = WORDS[locale];
    const summary = await this.summaries.summary(tenant, q);
    const trend = await this.trends.trend(tenant, q);
    const dimensions = insightDimension.options.filter((d) => tenant.organization.kind === 'PRINCIPAL' || (d !== 'sku' && d !== 'distributor'));
    const tops: [InsightDimension, Awaited<ReturnType<InsightTopService['top']>>][] = [];
    for (const by of dimensions) tops.push([by, await this.tops.top(tenant, { ...q, by, limit: TOP_LIMIT })]);

    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet(w.summary);
    s.addRow([w.measure, w.measures[q.measure]]);
    s.addRow([w.range, summary.from, summary.to]);
    s.addRow([w.previousRange, summary.previousFrom, summary.previousTo]);
    s.addRow([]);
    s.addRow([...w.summaryColumns]).font = { bold: true };
    for (const c of summary.currencies) {
      s.addRow([
        c.currency,
        num(c.value),
        num(c.quantity),
        c.activeOutlets,
        c.skusSold,
        num(c.previous.value),
        num(c.previous.quantity),
        c.previous.activeOutlets,
        c.previous.skusSold,
        num(c.growth),
        c.unconvertibleLines,
        c.unmappedLines,
      ]);
    }
    s.getColumn(10).numFmt = '0.00%';

    const t = book.addWorksheet(w.trend);
    t.addRow([...w.trendColumns]).font = { bold: true };
    for (const p of trend.points) t.addRow([p.period, p.currency, num(p.value), num(p.quantity)]);

    for (const [by, top] of tops) {
      const sheet = book.addWorksheet(`${w.top} ${w.dimensions[by]}`);
      sheet.addRow([...w.topColumns]).font = { bold: true };
      let rank = 0;
      let currency = '';
      for (const r of top.rows) {
        rank = r.currency === currency ? rank + 1 : 1;
        currency = r.currency;
        sheet.addRow([rank, text(r.key), text(r.label), r.currency, num(r.value), num(r.quantity), num(r.share), text(r.distributorName)]);
      }
      sheet.getColumn(7).numFmt = '0.00%';
    }
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      body: Buffer.from(await book.xlsx.writeBuffer()),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `insight-${q.measure}-${stamp}.xlsx`,
    };
  }
}
