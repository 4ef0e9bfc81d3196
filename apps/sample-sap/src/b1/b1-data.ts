import { prng } from '@portal/seeded';
// Business One's marketing documents as the Service Layer sends them, generated
// deterministically from the seed: the same seed always serves the same data.

export const B1_ENTITY_SETS = ['Orders', 'Returns', 'CreditNotes', 'Invoices', 'PurchaseInvoices', 'PurchaseOrders'] as const;
export type B1EntitySet = (typeof B1_ENTITY_SETS)[number];

export interface B1DocumentLine {
  LineNum: number;
  ItemCode: string;
  ItemDescription: string;
  Quantity: number;
  UnitPrice: number;
  Price: number;
  DiscountPercent: number;
  LineTotal: number;
  TaxTotal: number;
  Currency: string;
  UoMCode: string;
  UnitsOfMeasurment: number;
  WarehouseCode: string;
  VatGroup: string;
}

export interface B1Document {
  DocEntry: number;
  DocNum: number;
  DocType: 'dDocument_Items';
  DocDate: string;
  DocDueDate: string;
  TaxDate: string;
  CardCode: string;
  CardName: string;
  NumAtCard: string | null;
  DocCurrency: string;
  DocRate: number;
  DocTotal: number;
  VatSum: number;
  DiscountPercent: number;
  TotalDiscount: number;
  Cancelled: 'tNO' | 'tYES';
  DocumentStatus: 'bost_Open' | 'bost_Close';
  SalesPersonCode: number;
  Comments: string | null;
  CreationDate: string;
  UpdateDate: string;
  UpdateTime: string;
  DocumentLines: B1DocumentLine[];
}

export const CUSTOMERS: [string, string][] = [
  ['C0001', 'Toko Sembako Ñusantara'],
  ['C0002', 'Ümit Jaya'],
  ['C0003', 'Warung Bu Siti 🍜'],
  ['C0004', '株式会社 Sakura'],
  ['C0005', 'Toko Berkah Abadi'],
  ['C0006', 'Minimarket Sejahtera'],
  ['C0007', 'UD Sumber Rejeki'],
];
export const SUPPLIERS: [string, string][] = [
  ['V0001', 'PT Indofood Sukses Makmur'],
  ['V0002', 'PT Sinar Sosro'],
  ['V0003', 'PT Mayora Indah'],
  ['V0004', 'Nissin Foods 日清食品'],
];
// Prices in IDR; USD and JPY documents divide by their rate.
export const ITEMS: { code: string; name: string; idr: number }[] = [
  { code: 'A00001', name: 'Indomie Goreng 85g', idr: 3100 },
  { code: 'A00002', name: 'Teh Botol Sosro 450ml', idr: 5500 },
  { code: 'A00003', name: 'Kopi ABC Susu 200ml', idr: 4500 },
  { code: 'A00004', name: 'Sabun Lifebuoy 85g', idr: 4800 },
  { code: 'A00005', name: 'Susu Kental Manis Frisian Flag 370g', idr: 12500 },
  { code: 'A00006', name: 'Roma Kelapa 300g', idr: 10500 },
];
export const UOMS: { code: string; per: number }[] = [
  { code: 'PCS', per: 1 },
  { code: 'PAK', per: 6 },
  { code: 'DUS', per: 40 },
];
const RATES: Record<string, number> = { IDR: 1, USD: 16250, JPY: 108 };
// Minor units per currency unit: JPY amounts have no decimals.
const MINOR: Record<string, number> = { IDR: 100, USD: 100, JPY: 1 };
const PPN = 0.11;
const FIRST_NUMBER: Record<B1EntitySet, number> = {
  Orders: 1000,
  Returns: 5000,
  CreditNotes: 7000,
  Invoices: 3000,
  PurchaseInvoices: 9000,
  PurchaseOrders: 8000,
};
const PURCHASE: ReadonlySet<B1EntitySet> = new Set(['PurchaseInvoices', 'PurchaseOrders']);
// November 2026, the month the demo's documents were changed in (Service Layer writes the server's local date and time).
const MONTH_START = Date.UTC(2026, 10, 1);

export const b1Date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const b1Time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * Which special documents the demo carries, by entity set and DocEntry (the
 * facts every engineer codes against): the one JPY invoice, the cancelled
 * invoice, USD documents, and two orders changed in the same second.
 */
export const B1_DEMO = {
  jpyInvoice: 9,
  cancelledInvoice: 4,
  sameSecondOrders: [11, 12],
} as const;

function currencyOf(set: B1EntitySet, docEntry: number): string {
  if (set === 'Invoices' && docEntry === B1_DEMO.jpyInvoice) return 'JPY';
  return docEntry % 7 === 3 ? 'USD' : 'IDR';
}

/** Rounds to the currency's minor unit and answers the amount as a JSON number. */
function money(minor: number, currency: string): number {
  return Math.round(minor) / MINOR[currency]!;
}

function generateDocument(set: B1EntitySet, docEntry: number, count: number, seed: number): B1Document {
  const rnd = prng(seed * 31 + B1_ENTITY_SETS.indexOf(set) * 7919 + docEntry);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const currency = currencyOf(set, docEntry);
  const scale = MINOR[currency]!;
  const [cardCode, cardName] = pick(PURCHASE.has(set) ? SUPPLIERS : CUSTOMERS);

  const lines: B1DocumentLine[] = [];
  const lineCount = 1 + Math.floor(rnd() * 4);
  let linesMinor = 0;
  for (let i = 0; i < lineCount; i++) {
    const item = ITEMS[(docEntry + i) % ITEMS.length]!;
    const uom = pick(UOMS);
    const quantity = 1 + Math.floor(rnd() * 20);
    const unitMinor = Math.round(((item.idr * uom.per) / RATES[currency]!) * scale);
    const discountPercent = pick([0, 0, 5, 10]);
    const priceMinor = Math.round(unitMinor * (1 - discountPercent / 100));
    const lineMinor = priceMinor * quantity;
    linesMinor += lineMinor;
    lines.push({
      LineNum: i,
      ItemCode: item.code,
      ItemDescription: item.name,
      Quantity: quantity,
      UnitPrice: money(unitMinor, currency),
      Price: money(priceMinor, currency),
      DiscountPercent: discountPercent,
      LineTotal: money(lineMinor, currency),
      TaxTotal: money(lineMinor * PPN, currency),
      Currency: currency,
      UoMCode: uom.code,
      UnitsOfMeasurment: uom.per,
      WarehouseCode: '01',
      VatGroup: PURCHASE.has(set) ? 'PPN11-IN' : 'PPN11-OUT',
    });
  }
  const discountPercent = docEntry % 5 === 0 ? 2 : 0;
  const discountMinor = Math.round(linesMinor * (discountPercent / 100));
  const vatMinor = Math.round((linesMinor - discountMinor) * PPN);

  // Spread over the month in entry order; the same-second orders share one stamp.
  const sameSecond = set === 'Orders' && (B1_DEMO.sameSecondOrders as readonly number[]).includes(docEntry);
  const slot = sameSecond ? B1_DEMO.sameSecondOrders[0] : docEntry;
  const updated = MONTH_START + Math.floor(((slot - 1) * 29 * 86_400_000) / Math.max(count, 1)) + 8 * 3_600_000 + ((slot * 7919) % 36_000) * 1000;
  const created = updated - (docEntry % 3) * 86_400_000;
  const cancelled = set === 'Invoices' && docEntry === B1_DEMO.cancelledInvoice;

  return {
    DocEntry: docEntry,
    DocNum: FIRST_NUMBER[set] + docEntry,
    DocType: 'dDocument_Items',
    DocDate: b1Date(created),
    DocDueDate: b1Date(created + 30 * 86_400_000),
    TaxDate: b1Date(created),
    CardCode: cardCode,
    CardName: cardName,
    NumAtCard: PURCHASE.has(set) ? null : `PO-${cardCode}-${docEntry}`,
    DocCurrency: currency,
    DocRate: RATES[currency]!,
    DocTotal: money(linesMinor - discountMinor + vatMinor, currency),
    VatSum: money(vatMinor, currency),
    DiscountPercent: discountPercent,
    TotalDiscount: money(discountMinor, currency),
    Cancelled: cancelled ? 'tYES' : 'tNO',
    DocumentStatus: cancelled || docEntry % 4 === 0 ? 'bost_Close' : 'bost_Open',
    SalesPersonCode: PURCHASE.has(set) || docEntry % 6 === 0 ? -1 : 1 + (docEntry % 5),
    Comments: cancelled ? 'Dibatalkan: salah harga' : null,
    CreationDate: b1Date(created),
    UpdateDate: b1Date(updated),
    UpdateTime: b1Time(updated),
    DocumentLines: lines,
  };
}

/** Every entity set's documents for a seed, `count` per set, DocEntry from 1 (each set numbers its own). */
export function generateB1Documents(seed: number, count: number): Map<B1EntitySet, B1Document[]> {
  return new Map(B1_ENTITY_SETS.map((set) => [set, Array.from({ length: count }, (_, i) => generateDocument(set, i + 1, count, seed))]));
}
