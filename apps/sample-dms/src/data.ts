import { hash32, prng } from '@portal/seeded';
import { MODEL_FIELDS, type ModelType } from './catalogue';

// Deterministic generation: record i of (tenant, type) is a pure function of
// (seed, tenant, type, i), so nothing is held in memory and the same seed
// always serves the same data.

export const BASE_TIME = Date.parse('2024-01-01T00:00:00+07:00');
export const STEP_MS = 30_000;

const CUSTOMERS = [
  'Toko Sinar Jaya',
  'Toko Berkah Abadi',
  'Warung Bu Sri',
  'Minimarket Sejahtera',
  'Toko Maju Bersama',
  'UD Sumber Rejeki',
  'Toko Rizki Mandiri',
  'Koperasi Karya Usaha',
  'Toko Makmur Sentosa',
  'Grosir Cahaya Baru',
];
const SUPPLIERS = ['PT Indofood Sukses Makmur', 'PT Sinar Sosro', 'PT Mayora Indah', 'PT Wings Surya', 'PT Unilever Indonesia'];
export const PRODUCTS: { code: string; name: string; price: number }[] = [
  { code: 'IDM-GRG-85', name: 'Indomie Goreng 85g', price: 310000 },
  { code: 'IDM-SOTO-75', name: 'Indomie Soto Mie 75g', price: 290000 },
  { code: 'TBS-450', name: 'Teh Botol Sosro 450ml', price: 550000 },
  { code: 'AQA-600', name: 'Aqua 600ml', price: 350000 },
  { code: 'KPA-ABC-200', name: 'Kopi ABC Susu 200ml', price: 450000 },
  { code: 'SBN-LFB-85', name: 'Sabun Lifebuoy 85g', price: 480000 },
  { code: 'RNS-GRT-170', name: 'Roma Kelapa 300g', price: 1050000 },
  { code: 'SKM-FRS-370', name: 'Susu Kental Manis Frisian Flag 370g', price: 1250000 },
];
export const UNITS: { code: string; isi: number }[] = [
  { code: 'PCS', isi: 1 },
  { code: 'PAK', isi: 6 },
  { code: 'DUS', isi: 12 },
  { code: 'KRT', isi: 48 },
];
const STATUSES = ['OPEN', 'APPROVED', 'POSTED', 'CLOSED'];

/** cents → Indonesian "1.234.567,89" */
export function formatIdr(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
}

function ddMMyyyy(t: number): string {
  // The DMS keeps dates in Jakarta time (UTC+7).
  const d = new Date(t + 7 * 3600_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

export function isoJakarta(t: number): string {
  const d = new Date(t + 7 * 3600_000);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

export interface GenContext {
  seed: number;
  tenantId: string;
  type: ModelType;
  avgLines: number;
  malformedRate: number;
}

export const baseUpdatedAt = (i: number) => BASE_TIME + i * STEP_MS;
export const recordId = (type: ModelType, i: number) => `${MODEL_FIELDS[type].prefix}-${String(i).padStart(9, '0')}`;
export function indexOfId(type: ModelType, id: string): number | null {
  const prefix = `${MODEL_FIELDS[type].prefix}-`;
  if (!id.startsWith(prefix)) return null;
  const n = Number(id.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function lineCount(ctx: GenContext, i: number): number {
  const r = prng(hash32(ctx.seed, ctx.tenantId, ctx.type, i, 'lines'))();
  return 1 + Math.floor(r * (2 * ctx.avgLines - 1));
}

export function isMalformed(ctx: GenContext, i: number): boolean {
  return ctx.malformedRate > 0 && prng(hash32(ctx.seed, ctx.tenantId, ctx.type, i, 'bad'))() < ctx.malformedRate;
}

/** Record i, optionally as its `version`-th changed version at `updatedAt`. */
export function generateRecord(ctx: GenContext, i: number, opts: { updatedAt?: number; version?: number } = {}): Record<string, unknown> {
  const rand = prng(hash32(ctx.seed, ctx.tenantId, ctx.type, i));
  const f = MODEL_FIELDS[ctx.type];
  const updatedAt = opts.updatedAt ?? baseUpdatedAt(i);
  const version = opts.version ?? 0;
  // Document dates spread over the year before the record was last updated,
  // so a demo chart of amounts over time has a year of months to show.
  const docDate = baseUpdatedAt(i) - Math.floor(rand() * 365) * 86_400_000;
  const party = f.party === 'pelanggan' ? CUSTOMERS : SUPPLIERS;
  const p = Math.floor(rand() * party.length);
  const lines = [];
  let subtotal = 0;
  let discountTotal = 0;
  let taxTotal = 0;
  const n = lineCount(ctx, i);
  for (let l = 0; l < n; l++) {
    const product = PRODUCTS[Math.floor(rand() * PRODUCTS.length)]!;
    const unit = UNITS[Math.floor(rand() * UNITS.length)]!;
    // Returns take back a few units, not a whole order: a sell-out (invoices
    // minus returns) of the demo data stays positive, as it is in a real DMS.
    const qty = 1 + Math.floor(rand() * (ctx.type === 'sales-returns' ? 2 : 20)) + (l === 0 ? version : 0);
    const price = product.price * unit.isi; // cents per unit
    const gross = qty * price;
    const discount = rand() < 0.3 ? Math.round(gross * 0.05) : 0;
    const tax = Math.round((gross - discount) * 0.11);
    subtotal += gross;
    discountTotal += discount;
    taxTotal += tax;
    lines.push({
      kode_barang: product.code,
      nama_barang: product.name,
      qty: String(qty),
      satuan: unit.code,
      ...(unit.isi !== 1 ? { isi: unit.isi } : {}),
      harga: formatIdr(price),
      diskon: formatIdr(discount),
      ppn: formatIdr(tax),
      jumlah: formatIdr(gross - discount + tax),
      kode_gudang: `GD-${1 + Math.floor(rand() * 3)}`,
    });
  }
  const record: Record<string, unknown> = {
    id: recordId(ctx.type, i),
    updated_at: isoJakarta(updatedAt),
    [f.number]: `${f.prefix}/${ctx.tenantId}/${new Date(docDate + 7 * 3600_000).getUTCFullYear()}/${String(i + 1).padStart(6, '0')}`,
    [f.date]: ddMMyyyy(docDate),
    [`kode_${f.party}`]: `${f.party === 'pelanggan' ? 'C' : 'S'}${String(p + 1).padStart(4, '0')}`,
    [`nama_${f.party}`]: party[p],
    ...(f.party === 'pelanggan' ? { kode_salesman: `SLS-${String(1 + Math.floor(rand() * 8)).padStart(2, '0')}` } : {}),
    status: STATUSES[Math.floor(rand() * STATUSES.length)],
    subtotal: formatIdr(subtotal),
    diskon: formatIdr(discountTotal),
    ppn: formatIdr(taxTotal),
    total: formatIdr(subtotal - discountTotal + taxTotal),
    catatan: version ? `revisi ${version}` : '',
    detail: lines,
  };
  if (isMalformed(ctx, i)) {
    // A few ways real DMS exports go wrong, chosen deterministically.
    const kind = i % 3;
    if (kind === 0) record[f.date] = '31/02/2024';
    else if (kind === 1) record.total = 'abc';
    else record.detail = null;
  }
  return record;
}
