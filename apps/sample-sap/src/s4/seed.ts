import { hash32, prng } from '@portal/seeded';
// Deterministic building blocks of the generated S/4HANA data: document i of
// (tenant, family) is a pure function of (seed, tenant, family, i), so a
// tenant of 200,000 documents per type costs no memory until it is read.

export interface GenContext {
  seed: number;
  client: string;
  /** Documents per type in this tenant. */
  count: number;
}

export const rng = (ctx: GenContext, family: string, i: number, ...more: string[]) => prng(hash32(ctx.seed, ctx.client, family, i, ...more));
const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

export const DAY_MS = 86_400_000;
/** Base changes spread over this span, whatever the count, so a demo has a year of months to chart. */
const BASE_TIME = Date.UTC(2026, 0, 2, 1, 0, 0);
const SPAN_MS = 330 * DAY_MS;

/**
 * Edge-case positions, the same in every family and tenant (a tenant needs at
 * least 13 documents per type to have them all). `LastChangeDateTime` never
 * decreases with the index, which keeps (LastChangeDateTime, key) order a
 * binary search away.
 */
export const EDGE = {
  usd: (i: number) => i % 9 === 4,
  jpy: 5,
  /** Billing: the invoice cancelled by the S1 document right after it. */
  cancelledInvoice: 6,
  /** This document's LastChangeDateTime equals the one before it, to the millisecond. */
  sameMillisecond: 9,
  /** This document and the next change within the same second. */
  sameSecond: 11,
} as const;

function rawChangeTime(ctx: GenContext, family: string, i: number): number {
  const frac = prng(hash32(ctx.seed, ctx.client, family, i, 'time'))() * 0.9;
  return BASE_TIME + Math.floor(((i + frac) * SPAN_MS) / ctx.count);
}

/** The base (never touched) LastChangeDateTime of document i, in ms. */
export function changeTime(ctx: GenContext, family: string, i: number, sameAsNext: number | null = null): number {
  if (i === EDGE.sameMillisecond && i < ctx.count) return changeTime(ctx, family, i - 1, sameAsNext);
  if (i === EDGE.sameSecond) return Math.floor(rawChangeTime(ctx, family, i) / 1000) * 1000 + 120;
  if (i === EDGE.sameSecond + 1) return changeTime(ctx, family, i - 1) + 650;
  // A document changed again by the next one (a cancelled invoice) shares its time.
  if (sameAsNext !== null && i === sameAsNext && i + 1 < ctx.count) return changeTime(ctx, family, i + 1);
  return rawChangeTime(ctx, family, i);
}

/** The end of the base sequence: touched documents change after it. */
export const baseEnd = () => BASE_TIME + SPAN_MS;

export const midnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** "PT14H05M09S", SAP's Edm.Time. */
export function edmTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `PT${two(d.getUTCHours())}H${two(d.getUTCMinutes())}M${two(d.getUTCSeconds())}S`;
}

export type Currency = 'IDR' | 'USD' | 'JPY';

export function currencyOf(i: number): Currency {
  if (i === EDGE.jpy) return 'JPY';
  return EDGE.usd(i) ? 'USD' : 'IDR';
}

/** An IDR price in the document's currency, in thousandths (yen: whole yen). */
function priceIn(idr: number, cur: Currency): number {
  if (cur === 'USD') return Math.round(idr / 158) * 10; // cents → thousandths
  if (cur === 'JPY') return Math.round(idr / 105);
  return idr * 1000;
}

/** Tax at 11% (Indonesian VAT), rounded to the currency's smallest coin. */
export function tax(net: number, cur: Currency): number {
  if (cur === 'JPY') return Math.round(net * 0.11);
  const coin = cur === 'USD' ? 10 : 1000;
  return Math.round((net * 0.11) / coin) * coin;
}

/**
 * An amount as SAP writes it: a string with the field's scale (three
 * decimals); yen have none, so JPY amounts are written with scale 0.
 */
export function money(units: number, cur: Currency): string {
  return cur === 'JPY' ? String(units) : decimal(units, 3);
}

/** A scaled integer as a decimal string: decimal(12345, 3) = "12.345". */
export function decimal(scaled: number, scale: number): string {
  if (scale === 0) return String(scaled);
  const neg = scaled < 0;
  const digits = String(Math.abs(scaled)).padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export const qty = (n: number) => decimal(n * 1000, 3);

export interface Material {
  code: string;
  name: string;
  /** Pieces in the sales unit (a case). */
  perCase: number;
  /** IDR per case. */
  price: number;
  group: string;
}

export const MATERIALS: readonly Material[] = [
  { code: 'FG-IDM-GRG-85', name: 'Indomie Goreng 85g', perCase: 40, price: 118_000, group: 'FOOD01' },
  { code: 'FG-TBS-450', name: 'Teh Botol Sosro 450ml', perCase: 24, price: 98_000, group: 'BEV01' },
  { code: 'FG-AQA-600', name: 'Aqua 600ml', perCase: 24, price: 62_000, group: 'BEV02' },
  { code: 'FG-KPA-ABC-31', name: 'Kopi ABC Susu 31g', perCase: 120, price: 165_000, group: 'BEV03' },
  { code: 'FG-SBN-LFB-85', name: 'Sabun Lifebuoy 85g', perCase: 72, price: 245_000, group: 'HPC01' },
  { code: 'FG-SKM-FF-370', name: 'Susu Kental Manis Frisian Flag 370g', perCase: 48, price: 520_000, group: 'FOOD02' },
  { code: 'FG-RMA-KLP-300', name: 'Roma Kelapa 300g', perCase: 12, price: 126_000, group: 'FOOD03' },
  { code: 'FG-PPS-190', name: 'Pepsodent Pencegah Gigi Berlubang 190g', perCase: 48, price: 610_000, group: 'HPC02' },
];

export interface Party {
  code: string;
  name: string;
  currency?: Currency;
}

/** Customers, with the unicode names clients mangle. */
export const CUSTOMERS: readonly Party[] = [
  { code: '10100001', name: 'Toko Sinar Jaya' },
  { code: '10100002', name: 'Toko Sembako Ñusantara' },
  { code: '10100003', name: 'Ümit Jaya' },
  { code: '10100004', name: 'Warung Bu Siti 🍜' },
  { code: '10100005', name: '株式会社 Sakura', currency: 'JPY' },
  { code: '10100006', name: 'Minimarket Sejahtera' },
  { code: '10100007', name: 'UD Sumber Rejeki' },
  { code: '10100008', name: 'Koperasi Karya Usaha' },
  { code: '10100009', name: 'Grosir Cahaya Baru' },
  { code: '10100010', name: 'Global Retail Asia Pte. Ltd.', currency: 'USD' },
];

export const SUPPLIERS: readonly Party[] = [
  { code: '20100001', name: 'PT Indofood Sukses Makmur Tbk' },
  { code: '20100002', name: 'PT Sinar Sosro' },
  { code: '20100003', name: 'PT Mayora Indah Tbk' },
  { code: '20100004', name: 'PT Wings Surya' },
  { code: '20100005', name: 'PT Unilever Indonesia Tbk' },
  { code: '20100006', name: 'Nissin Foods Asia Pte. Ltd.', currency: 'USD' },
  { code: '20100007', name: '株式会社 Kewpie Trading', currency: 'JPY' },
];

/** The party of document i: its currency's party for USD and JPY, otherwise one of the IDR parties in turn. */
export function partyOf(list: readonly Party[], i: number, cur: Currency): Party {
  const own = list.filter((p) => (p.currency ?? 'IDR') === cur);
  return own[i % own.length]!;
}

export interface Line {
  material: Material;
  /** Quantity in cases. */
  cases: number;
  /** Price per case in the document's currency (thousandths; yen whole). */
  price: number;
  net: number;
  tax: number;
}

/** 1–4 lines; a touched document's `version` raises its first quantity, so a change shows in the amounts. */
export function lines(rand: () => number, cur: Currency, version: number): Line[] {
  const n = 1 + Math.floor(rand() * 4);
  const out: Line[] = [];
  for (let l = 0; l < n; l++) {
    const material = pick(rand, MATERIALS);
    const cases = 1 + Math.floor(rand() * 20) + (l === 0 ? version : 0);
    const price = priceIn(material.price, cur);
    const net = cases * price;
    out.push({ material, cases, price, net, tax: tax(net, cur) });
  }
  return out;
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** SAP item numbers step by 10: "10", "20", … */
export const itemNo = (l: number) => String((l + 1) * 10);
