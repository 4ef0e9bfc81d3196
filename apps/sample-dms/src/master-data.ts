import { hash32, prng } from '@portal/seeded';
import { MODEL_TYPES, type ModelType } from './catalogue';
import { BASE_TIME, generateRecord, type GenContext, isoJakarta, PRODUCTS, UNITS } from './data';

// The DMS contract's optional master data (docs/product/dms-contract.md):
// the customers and products its documents name, generated from them so the
// two always agree: a customer exists exactly when its code is on a sales
// document, a product exactly when its code is on a document line, and a
// product's `konversi` are the `isi` the lines use.

export const MASTER_DATA_PATHS = ['customers', 'products'] as const;
export type MasterDataPath = (typeof MASTER_DATA_PATHS)[number];

const SALES_TYPES: readonly ModelType[] = ['sales-orders', 'sales-returns', 'sales-invoices'];
const CITIES = [
  'Jakarta Selatan',
  'Bandung',
  'Surabaya',
  'Semarang',
  'Medan',
  'Makassar',
  'Yogyakarta',
  'Denpasar',
  'Palembang',
  'Malang',
  'Bekasi',
  'Tangerang',
];
const STREETS = ['Jl. Merdeka', 'Jl. Sudirman', 'Jl. Diponegoro', 'Jl. Gajah Mada', 'Jl. Ahmad Yani', 'Jl. Pemuda', 'Jl. Veteran', 'Jl. Pahlawan'];
/** The outlet type a customer's name implies (Warung Bu Sri is a warung). */
const OUTLET_BY_PREFIX: [string, string][] = [
  ['Warung', 'Warung'],
  ['Minimarket', 'Minimarket'],
  ['Grosir', 'Grosir'],
  ['UD', 'Grosir'],
  ['Koperasi', 'Koperasi'],
  ['Toko', 'Toko Kelontong'],
];
const BRANDS: Record<string, { merek: string; kategori: string }> = {
  'IDM-GRG-85': { merek: 'Indomie', kategori: 'Mi Instan' },
  'IDM-SOTO-75': { merek: 'Indomie', kategori: 'Mi Instan' },
  'TBS-450': { merek: 'Sosro', kategori: 'Minuman Siap Saji' },
  'AQA-600': { merek: 'Aqua', kategori: 'Air Mineral' },
  'KPA-ABC-200': { merek: 'ABC', kategori: 'Minuman Siap Saji' },
  'SBN-LFB-85': { merek: 'Lifebuoy', kategori: 'Perawatan Tubuh' },
  'RNS-GRT-170': { merek: 'Roma', kategori: 'Biskuit' },
  'SKM-FRS-370': { merek: 'Frisian Flag', kategori: 'Susu' },
};
/**
 * Barcodes printed on the pack, the same in every tenant and seed: the demo
 * principal's catalogue (packages/db/src/seed/demo-skus.ts) carries these two,
 * so product mapping suggests them by barcode while the rest go by name.
 */
const PACK_BARCODES: Record<string, string> = {
  'IDM-GRG-85': '8990000100010',
  'SBN-LFB-85': '8990000500018',
};
/** Master data was entered before the first document. */
const MASTER_BASE_TIME = BASE_TIME - 30 * 86_400_000;
const MASTER_STEP_MS = 60_000;

export interface MasterEntry {
  /** Position in the DMS's own list: fixes the base `updated_at` and the id. */
  index: number;
  code: string;
  name: string;
}

/** A valid EAN-13 for a product: Indonesia's GS1 prefix 899, nine digits from the seed and the code, and the check digit. */
export function ean13(seed: number, code: string): string {
  const rand = prng(hash32(seed, code, 'ean'));
  let digits = '899';
  while (digits.length < 12) digits += String(Math.floor(rand() * 10));
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return digits + String((10 - (sum % 10)) % 10);
}

/**
 * The customers and products one tenant's documents name. Scans the
 * deterministic documents only until every known customer and product was
 * seen (a few dozen records), or all of them when there are fewer.
 */
export function masterEntries(ctxOf: (type: ModelType) => GenContext, docsPerType: number): Record<MasterDataPath, MasterEntry[]> {
  const customers = new Map<string, string>();
  const products = new Set<string>();
  // Customer codes are C0001… in the order of the sample's customer list, so the list has at most this many.
  const knownCustomers = 10;
  for (const type of MODEL_TYPES) {
    const ctx = ctxOf(type);
    const wantCustomers = SALES_TYPES.includes(type);
    for (let i = 0; i < docsPerType; i++) {
      if ((!wantCustomers || customers.size >= knownCustomers) && products.size >= PRODUCTS.length) break;
      const record = generateRecord(ctx, i);
      if (wantCustomers) customers.set(String(record.kode_pelanggan), String(record.nama_pelanggan));
      if (Array.isArray(record.detail)) for (const line of record.detail as { kode_barang: string }[]) products.add(line.kode_barang);
    }
  }
  return {
    customers: [...customers.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => ({ index: Number(code.slice(1)) - 1, code, name })),
    products: PRODUCTS.map((p, index) => ({ index, code: p.code, name: p.name })).filter((p) => products.has(p.code)),
  };
}

export const masterId = (path: MasterDataPath, index: number) => `${path === 'customers' ? 'CUS' : 'PRD'}-${String(index + 1).padStart(4, '0')}`;
export const masterBaseUpdatedAt = (index: number) => MASTER_BASE_TIME + index * MASTER_STEP_MS;

/** Whether this master record is served malformed (the same share as documents, `malformedRate`). */
export function isMasterDataMalformed(seed: number, tenantId: string, path: MasterDataPath, index: number, rate: number): boolean {
  return rate > 0 && prng(hash32(seed, tenantId, path, index, 'bad'))() < rate;
}

/** One customer record, as version `version` (0: as first entered) last changed at `updatedAt`. */
export function customerRecord(seed: number, tenantId: string, e: MasterEntry, opts: { updatedAt?: number; version?: number; malformed?: boolean } = {}) {
  const rand = prng(hash32(seed, tenantId, 'customer', e.code));
  const version = opts.version ?? 0;
  const street = STREETS[Math.floor(rand() * STREETS.length)]!;
  const number = 1 + Math.floor(rand() * 200);
  const record: Record<string, unknown> = {
    id: masterId('customers', e.index),
    updated_at: isoJakarta(opts.updatedAt ?? masterBaseUpdatedAt(e.index)),
    kode_pelanggan: e.code,
    nama_pelanggan: e.name,
    // A changed customer moved down the street.
    alamat: `${street} No. ${number + version}`,
    kota: CITIES[Math.floor(rand() * CITIES.length)],
    kode_salesman: `SLS-${String(1 + Math.floor(rand() * 8)).padStart(2, '0')}`,
    tipe_outlet: OUTLET_BY_PREFIX.find(([prefix]) => e.name.startsWith(prefix))?.[1] ?? 'Toko Kelontong',
  };
  if (opts.malformed) record.kode_pelanggan = '';
  return record;
}

/** One product record; `konversi` lists the units the documents sell it in besides the base unit. */
export function productRecord(seed: number, e: MasterEntry, opts: { updatedAt?: number; version?: number; malformed?: boolean } = {}) {
  const version = opts.version ?? 0;
  const brand = BRANDS[e.code] ?? { merek: e.name.split(' ')[0]!, kategori: 'Lainnya' };
  const base = UNITS.find((u) => u.isi === 1)!;
  const record: Record<string, unknown> = {
    id: masterId('products', e.index),
    updated_at: isoJakarta(opts.updatedAt ?? masterBaseUpdatedAt(e.index)),
    kode_barang: e.code,
    // A changed product got new packaging.
    nama_barang: version ? `${e.name} (kemasan baru${version > 1 ? ` ${version}` : ''})` : e.name,
    satuan_dasar: base.code,
    konversi: UNITS.filter((u) => u !== base).map((u) => ({ satuan: u.code, isi: u.isi })),
    merek: brand.merek,
    kategori: brand.kategori,
    barcode: PACK_BARCODES[e.code] ?? ean13(seed, e.code),
  };
  if (opts.malformed) record.konversi = [{ satuan: 'DUS', isi: 'dua belas' }];
  return record;
}
