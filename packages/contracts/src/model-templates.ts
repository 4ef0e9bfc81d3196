import { z } from 'zod';
import { type DocumentType, documentType } from './common';

// ---- the DMS field catalogue (SPEC 5, GET /api/v1/meta/models) -------------

export const dmsFieldType = z.enum(['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'array']);

export interface DmsField {
  name: string;
  type: z.infer<typeof dmsFieldType>;
  format?: string | undefined;
  fields?: DmsField[] | undefined;
}

// Lenient on extra keys a DMS may add, strict on what we read.
export const dmsField: z.ZodType<DmsField> = z.lazy(() =>
  z.object({ name: z.string().min(1), type: dmsFieldType, format: z.string().optional(), fields: z.array(dmsField).optional() }),
);

export const dmsCatalogue = z.object({ models: z.array(z.object({ type: z.string().min(1), fields: z.array(dmsField) })) });
export type DmsCatalogue = z.infer<typeof dmsCatalogue>;

export const DMS_MODEL_TYPES: Record<string, DocumentType> = {
  'sales-orders': 'SALES_ORDER',
  'sales-returns': 'SALES_RETURN',
  'sales-invoices': 'SALES_INVOICE',
  'purchase-invoices': 'PURCHASE_INVOICE',
  'purchase-orders': 'PURCHASE_ORDER',
};
export const DMS_MODEL_OF: Record<DocumentType, string> = Object.fromEntries(
  Object.entries(DMS_MODEL_TYPES).map(([model, type]) => [type, model]),
) as Record<DocumentType, string>;

// ---- model template rules (SPEC 3) ----------------------------------------

export const dateFormat = z.enum(['dd/MM/yyyy', 'yyyy-MM-dd', 'dd-MM-yyyy', 'MM/dd/yyyy', 'dd.MM.yyyy', 'yyyyMMdd']);

export const transform = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), format: dateFormat }),
  z.strictObject({ kind: z.literal('datetime') }),
  z.strictObject({ kind: z.literal('decimal'), format: z.enum(['id-ID', 'plain']) }),
  z.strictObject({ kind: z.literal('integer') }),
  z.strictObject({ kind: z.literal('codeMap'), map: z.record(z.string(), z.string()), fallback: z.enum(['keep', 'error']).default('keep') }),
  z.strictObject({
    kind: z.literal('unitToBase'),
    baseUnit: z.string().min(1),
    /** Path (relative to the line) of the pieces-per-unit factor, e.g. "$.isi". */
    factorSource: z.string().optional(),
    /** Fixed factors per unit, e.g. { "DUS": "12" }. */
    factors: z.record(z.string(), z.string().regex(/^\d+(\.\d+)?$/)).optional(),
    /** Path (relative to the line) of the unit code. */
    unitSource: z.string().default('$.satuan'),
  }),
  z.strictObject({ kind: z.literal('default'), value: z.string() }),
  z.strictObject({ kind: z.literal('concat'), separator: z.string().max(10) }),
  z.strictObject({ kind: z.literal('trim') }),
  z.strictObject({ kind: z.literal('upper') }),
]);
export type Transform = z.infer<typeof transform>;

export const headerTarget = z.enum([
  'sourceId', 'updatedAt', 'number', 'date', 'partyCode', 'partyName', 'salesmanCode', 'currency',
  'subtotal', 'discount', 'tax', 'total', 'status',
]);
export const lineTarget = z.enum(['productCode', 'productName', 'quantity', 'unit', 'quantityBase', 'unitPrice', 'discount', 'tax', 'amount']);
export type HeaderTarget = z.infer<typeof headerTarget>;
export type LineTarget = z.infer<typeof lineTarget>;

const jsonPath = z.string().regex(/^\$(\.[A-Za-z0-9_]+|\[\d+\])*$/, 'JSON path like $.field or $.detail[0].field');

const ruleBase = {
  /** JSON path into the record (header rules) or the line item (line rules). */
  source: jsonPath.optional(),
  /** Several sources joined by a concat transform. */
  sources: z.array(jsonPath).min(2).max(5).optional(),
  transforms: z.array(transform).max(10).default([]),
  required: z.boolean().default(false),
};
export const headerRule = z.strictObject({ target: headerTarget, ...ruleBase });
export const lineRule = z.strictObject({ target: lineTarget, ...ruleBase });
export type HeaderRule = z.infer<typeof headerRule>;
export type LineRule = z.infer<typeof lineRule>;

export const modelTemplateRules = z.strictObject({
  documentType,
  sourceModel: z.string().min(1),
  header: z.array(headerRule),
  lines: z.strictObject({ sourcePath: jsonPath, rules: z.array(lineRule) }),
});
export type ModelTemplateRules = z.infer<typeof modelTemplateRules>;

// ---- canonical document (SPEC 6); decimals are strings, never floats ------

export interface CanonicalLine {
  lineNo: number;
  productCode: string;
  productName: string | null;
  quantity: string;
  unit: string;
  quantityBase: string;
  unitPrice: string;
  discount: string;
  tax: string;
  amount: string;
}

export interface CanonicalDocument {
  sourceId: string;
  sourceUpdatedAt: string;
  number: string;
  date: string;
  partyCode: string | null;
  partyName: string | null;
  salesmanCode: string | null;
  currency: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  status: string | null;
  lines: CanonicalLine[];
}
