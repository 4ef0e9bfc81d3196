import { z } from 'zod';
import { type DocumentType, isoInstant, plainText } from './common';

// Master data (issue 13, docs/product/master-data.md): a distributor's
// customers (outlets) and products with their units, pulled per integration
// like documents, and the principal's own SKU catalogue.

export const masterDataKind = z.enum(['CUSTOMER', 'PRODUCT']);
export type MasterDataKind = z.infer<typeof masterDataKind>;

/** The kind's name in URLs and in the DMS contract (`/api/v1/customers`, `/api/ingest/products`). */
export const MASTER_DATA_SLUG = { CUSTOMER: 'customers', PRODUCT: 'products' } as const satisfies Record<MasterDataKind, string>;
export const masterDataSlug = z.enum(Object.values(MASTER_DATA_SLUG));
export type MasterDataSlug = z.infer<typeof masterDataSlug>;
export const masterDataKindOfSlug = (slug: MasterDataSlug): MasterDataKind => (slug === 'customers' ? 'CUSTOMER' : 'PRODUCT');

/** A unit name as sources write it (`PCS`, `DUS`, `KRT`); compared upper-cased and trimmed (`unitKey`). */
export const unitName = plainText(20);
/** The one way two unit names are compared: `dus ` and `DUS` are the same unit. */
export const unitKey = (unit: string): string => unit.trim().toUpperCase();

/** A positive decimal written with a dot (`48`, `0.5`): how many base units one unit holds. Never a float. */
export const conversionFactor = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected a positive decimal such as 48 or 0.5')
  .refine((v) => /[1-9]/.test(v), 'must be greater than 0');

/** One unit of a product and how many base units it holds: 1 KRT = 48 PCS is `{ unit: 'KRT', factor: '48' }`. */
export const unitConversion = z.strictObject({ unit: unitName, factor: conversionFactor });
export type UnitConversion = z.infer<typeof unitConversion>;

/** A product's units besides its base unit, each named once. */
export const unitConversions = z
  .array(unitConversion)
  .max(20)
  .superRefine((list, ctx) => {
    const keys = list.map((c) => unitKey(c.unit));
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `${dup} is listed twice` });
  });

// ---- canonical master data: what every source's records become (decimals as strings) ----

export const canonicalCustomer = z.strictObject({
  sourceId: plainText(200),
  sourceUpdatedAt: isoInstant,
  code: plainText(100),
  name: plainText(300),
  address: plainText(500).nullable(),
  city: plainText(120).nullable(),
  salesmanCode: plainText(100).nullable(),
  outletType: plainText(120).nullable(),
});
export type CanonicalCustomer = z.infer<typeof canonicalCustomer>;

export const canonicalProduct = z
  .strictObject({
    sourceId: plainText(200),
    sourceUpdatedAt: isoInstant,
    code: plainText(100),
    name: plainText(300),
    baseUnit: unitName,
    conversions: unitConversions,
    brand: plainText(120).nullable(),
    category: plainText(120).nullable(),
    barcode: plainText(64).nullable(),
  })
  .refine((p) => !p.conversions.some((c) => unitKey(c.unit) === unitKey(p.baseUnit)), {
    message: 'the base unit is not listed among the conversions',
    path: ['conversions'],
  });
export type CanonicalProduct = z.infer<typeof canonicalProduct>;

// ---- the DMS contract's optional master data (docs/product/dms-contract.md) ----

/** `GET /api/v1/customers` records. Extra fields are allowed (a DMS may send more). */
export const dmsCustomerRecord = z.looseObject({
  id: z.union([z.string(), z.number()]),
  updated_at: z.string(),
  kode_pelanggan: z.string(),
  nama_pelanggan: z.string(),
  alamat: z.string().nullish(),
  kota: z.string().nullish(),
  kode_salesman: z.string().nullish(),
  tipe_outlet: z.string().nullish(),
});
export type DmsCustomerRecord = z.infer<typeof dmsCustomerRecord>;

/** `GET /api/v1/products` records: `konversi` lists the units other than `satuan_dasar` with their pieces (`isi`). */
export const dmsProductRecord = z.looseObject({
  id: z.union([z.string(), z.number()]),
  updated_at: z.string(),
  kode_barang: z.string(),
  nama_barang: z.string(),
  satuan_dasar: z.string(),
  konversi: z.array(z.looseObject({ satuan: z.string(), isi: z.union([z.string(), z.number()]) })).nullish(),
  merek: z.string().nullish(),
  kategori: z.string().nullish(),
  barcode: z.string().nullish(),
});
export type DmsProductRecord = z.infer<typeof dmsProductRecord>;

/** Document types whose party is a customer (an outlet), so a customer's name can stand in for a missing party name. */
export const CUSTOMER_DOCUMENT_TYPES = ['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE'] as const satisfies readonly DocumentType[];
