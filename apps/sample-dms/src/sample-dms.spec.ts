import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecord } from './data';
import { Dataset } from './dataset';
import { configFromEnv, ean13, type RunningSampleDms, startSampleDms } from './index';

const KEY = '446-bebaspakaivalueapapun';
let dms: RunningSampleDms;

const get = async (path: string, key: string | null = KEY) => {
  const res = await fetch(dms.url + path, { headers: key ? { 'x-access-key': key } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

async function pullAll(type: string, opts: { limit: number; since?: string }) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: String(opts.limit), ...(opts.since ? { updated_since: opts.since } : {}), ...(cursor ? { cursor } : {}) });
    const { body } = await get(`/api/v1/${type}?${q}`);
    ids.push(...body.data.map((r: { id: string }) => r.id));
    cursor = body.next_cursor;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 57, seed: 7 });
});
afterAll(async () => dms?.close());

describe('auth', () => {
  it('refuses a missing, wrong or unknown-tenant key with a JSON 401', async () => {
    for (const key of [null, '446-wrong', '999-bebaspakaivalueapapun', 'bebaspakaivalueapapun', '446']) {
      const res = await get('/api/v1/meta/models', key);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_ACCESS_KEY');
    }
  });
  it('accepts a key whose free part contains dashes', async () => {
    expect((await get('/api/v1/meta/models', '512-kunci-rahasia-512')).status).toBe(200);
  });
});

describe('catalogue and records', () => {
  it('describes the five types with formats', async () => {
    const { body } = await get('/api/v1/meta/models');
    expect(body.models.map((m: { type: string }) => m.type)).toEqual([
      'sales-orders',
      'sales-returns',
      'sales-invoices',
      'purchase-invoices',
      'purchase-orders',
    ]);
    const inv = body.models[2].fields;
    expect(inv.find((f: { name: string }) => f.name === 'tgl_faktur')).toEqual({ name: 'tgl_faktur', type: 'date', format: 'dd/MM/yyyy' });
    expect(inv.find((f: { name: string }) => f.name === 'total').format).toBe('id-ID');
  });

  it('serves Indonesian fields, dd/MM/yyyy dates and id-ID amounts that add up', async () => {
    const { body } = await get('/api/v1/sales-invoices?limit=5');
    for (const r of body.data) {
      expect(r.tgl_faktur).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(r.updated_at).toMatch(/\+07:00$/);
      const cents = (s: string) => Number(s.replace(/\./g, '').replace(',', ''));
      const lines = r.detail.reduce((s: number, l: { jumlah: string }) => s + cents(l.jumlah), 0);
      expect(cents(r.total)).toBe(lines);
      expect(cents(r.total)).toBe(cents(r.subtotal) - cents(r.diskon) + cents(r.ppn));
    }
  });

  it('is deterministic for a seed and differs across seeds and tenants', () => {
    const ctx = { seed: 1, tenantId: '446', type: 'sales-orders' as const, avgLines: 3, malformedRate: 0 };
    expect(generateRecord(ctx, 10)).toEqual(generateRecord(ctx, 10));
    expect(generateRecord({ ...ctx, seed: 2 }, 10)).not.toEqual(generateRecord(ctx, 10));
    expect(generateRecord({ ...ctx, tenantId: '512' }, 10)).not.toEqual(generateRecord(ctx, 10));
  });
});

describe('paging', () => {
  it.each([1, 7, 10, 57, 100])('covers every record exactly once with limit %i', async (limit) => {
    const ids = await pullAll('sales-orders', { limit });
    expect(ids).toHaveLength(57);
    expect(new Set(ids).size).toBe(57);
  });

  it('updated_since returns only records changed at or after it', async () => {
    const all = (await get('/api/v1/purchase-orders?limit=100')).body.data;
    const since = all[40].updated_at;
    const ids = await pullAll('purchase-orders', { limit: 5, since });
    expect(ids).toEqual(all.slice(40).map((r: { id: string }) => r.id));
  });

  it('a touched record comes again once, later, with new values and not at its old place', async () => {
    const first = (await get('/api/v1/sales-returns?limit=100')).body.data;
    const lastSeen = first.at(-1).updated_at;
    const touched = dms.control.touch('446', 'sales-returns', first[3].id)!;
    const after = await pullAll('sales-returns', { limit: 4, since: lastSeen });
    expect(after).toEqual([first.at(-1).id, first[3].id]);
    const all = await pullAll('sales-returns', { limit: 9 });
    expect(all.filter((id) => id === first[3].id)).toHaveLength(1);
    expect(all.at(-1)).toBe(first[3].id);
    const again = (await get(`/api/v1/sales-returns?limit=100&updated_since=${encodeURIComponent(touched.updated_at)}`)).body.data;
    expect(again[0].detail[0].qty).not.toBe(first[3].detail[0].qty);
  });
});

describe('faults', () => {
  it('fails the next N requests on demand, 429 with Retry-After', async () => {
    dms.control.setFaults({ failNext: { status: 429, count: 2 }, retryAfterSeconds: 3 });
    const a = await get('/api/v1/sales-orders');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('3');
    expect((await get('/api/v1/sales-orders')).status).toBe(429);
    expect((await get('/api/v1/sales-orders')).status).toBe(200);
    dms.control.setFaults({ failNext: { status: 503, count: 1 } });
    expect((await get('/api/v1/sales-orders')).status).toBe(503);
  });

  it('makes a deterministic share of records malformed', async () => {
    const bad = await startSampleDms({ docsPerType: 200, malformedRate: 0.1 });
    try {
      const res = await fetch(`${bad.url}/api/v1/sales-invoices?limit=200`, { headers: { 'x-access-key': KEY } });
      const body = (await res.json()) as { data: Record<string, unknown>[] };
      const broken = body.data.filter((r) => r.total === 'abc' || r.tgl_faktur === '31/02/2024' || r.detail === null);
      expect(broken.length).toBeGreaterThan(5);
      expect(broken.length).toBeLessThan(50);
    } finally {
      await bad.close();
    }
  });
});

describe('master data', () => {
  async function all(path: string, limit: number, since?: string) {
    const out: Record<string, any>[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: String(limit), ...(since ? { updated_since: since } : {}), ...(cursor ? { cursor } : {}) });
      const res = await get(`/api/v1/${path}?${q}`);
      expect(res.status).toBe(200);
      out.push(...res.body.data);
      cursor = res.body.next_cursor;
    } while (cursor);
    return out;
  }
  /** Every code the tenant's documents name: customers on sales documents, products on every line. */
  async function documentCodes() {
    const customers = new Set<string>();
    const products = new Set<string>();
    const isi = new Map<string, number>();
    for (const type of ['sales-orders', 'sales-returns', 'sales-invoices', 'purchase-invoices', 'purchase-orders']) {
      for (const r of (await get(`/api/v1/${type}?limit=1000`)).body.data) {
        if (r.kode_pelanggan) customers.add(r.kode_pelanggan);
        for (const l of r.detail ?? []) {
          products.add(l.kode_barang);
          isi.set(l.satuan, l.isi ?? 1);
        }
      }
    }
    return { customers, products, isi };
  }

  it('serves exactly the customers and products its documents name, paged like documents', async () => {
    const small = await startSampleDms({ docsPerType: 2, seed: 7 });
    try {
      const res = await fetch(`${small.url}/api/v1/customers?limit=100`, { headers: { 'x-access-key': KEY } });
      const few = ((await res.json()) as { data: { kode_pelanggan: string }[] }).data;
      // Two sales documents of each of three types name at most six customers, not the whole list.
      expect(few.length).toBeGreaterThan(0);
      expect(few.length).toBeLessThanOrEqual(6);
    } finally {
      await small.close();
    }
    const codes = await documentCodes();
    const customers = await all('customers', 3);
    const products = await all('products', 3);
    expect(new Set(customers.map((c) => c.kode_pelanggan))).toEqual(codes.customers);
    expect(new Set(products.map((p) => p.kode_barang))).toEqual(codes.products);
    expect(new Set(customers.map((c) => c.id)).size).toBe(customers.length);
  });

  it('describes customers and products realistically: city, outlet type, units as the documents use them, a valid EAN-13', async () => {
    const codes = await documentCodes();
    for (const c of await all('customers', 100)) {
      expect(c.alamat).toMatch(/^Jl\. .+ No\. \d+$/);
      expect(typeof c.kota).toBe('string');
      expect(c.kode_salesman).toMatch(/^SLS-\d{2}$/);
      expect(['Warung', 'Minimarket', 'Grosir', 'Koperasi', 'Toko Kelontong']).toContain(c.tipe_outlet);
      expect(c.updated_at).toMatch(/\+07:00$/);
    }
    for (const p of await all('products', 100)) {
      expect(p.satuan_dasar).toBe('PCS');
      for (const k of p.konversi) if (codes.isi.has(k.satuan)) expect(k.isi).toBe(codes.isi.get(k.satuan));
      expect(p.barcode).toMatch(/^899\d{10}$/);
      const digits = [...p.barcode].map(Number);
      const sum = digits.slice(0, 12).reduce((s: number, d: number, i: number) => s + d * (i % 2 ? 3 : 1), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
    expect(ean13(7, 'AQA-600')).toBe(ean13(7, 'AQA-600'));
  });

  it('a changed customer comes again later with its new address; updated_since reads only it', async () => {
    const before = await all('customers', 100);
    const last = before.at(-1)!.updated_at;
    const touched = dms.control.touchMasterData('446', 'customers', before[0]!.id)!;
    expect(touched).not.toBeNull();
    const changed = await all('customers', 2, touched.updated_at);
    expect(changed.map((c) => c.id)).toEqual([before[0]!.id]);
    expect(changed[0]!.alamat).not.toBe(before[0]!.alamat);
    expect((await all('customers', 2, last)).map((c) => c.id)).toEqual([before.at(-1)!.id, before[0]!.id]);
  });

  it('answers 404 for master data when it offers none, and documents still work', async () => {
    dms.control.setFaults({ masterData: false });
    try {
      expect((await get('/api/v1/customers')).status).toBe(404);
      expect((await get('/api/v1/products')).status).toBe(404);
      expect((await get('/api/v1/sales-orders?limit=1')).status).toBe(200);
    } finally {
      dms.control.setFaults({ masterData: true });
    }
    expect(configFromEnv({ SAMPLE_DMS_MASTER_DATA: 'false' }).masterData).toBe(false);
    expect(configFromEnv({}).masterData).toBe(true);
  });
});

describe('scale', () => {
  it('serves pages deep inside a million documents without materialising them', () => {
    const big = new Dataset({ seed: 42, docsPerType: 1_000_000, avgLines: 3, malformedRate: 0 });
    const before = process.memoryUsage().heapUsed;
    const first = big.page('446', 'sales-orders', { limit: 100 });
    const deep = big.page('446', 'sales-orders', { limit: 100, updatedSince: Date.parse('2024-06-01T00:00:00Z') });
    expect(first.records).toHaveLength(100);
    expect(deep.records).toHaveLength(100);
    expect(String(deep.records[0]!.id)).toMatch(/^SO-000/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });
});
