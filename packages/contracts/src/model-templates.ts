import { z } from 'zod';
import { documentType, rawText } from './common';

// ---- the DMS field catalogue (docs/product/dms-contract.md, GET /api/v1/meta/models) --

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

// ---- model template rules (docs/product/model-templates.md) ---------------

/** Date layouts a source may write; `d/M/yyyy` also takes one-digit days and months (1/2/2026), as spreadsheets write them. */
export const dateFormat = z.enum(['dd/MM/yyyy', 'd/M/yyyy', 'yyyy-MM-dd', 'dd-MM-yyyy', 'MM/dd/yyyy', 'dd.MM.yyyy', 'yyyyMMdd']);
export type DateFormat = z.infer<typeof dateFormat>;

/** Names every plain object inherits: a rule path never walks into them (docs/product/model-templates.md). */
export const UNSAFE_PATH_SEGMENTS = ['__proto__', 'constructor', 'prototype'] as const;
const jsonPath = z
  .string()
  .regex(/^\$(\.[A-Za-z0-9_]+|\[\d+\])*$/, 'JSON path like $.field or $.detail[0].field')
  .refine((p) => !p.split(/[.[\]]/).some((segment) => (UNSAFE_PATH_SEGMENTS as readonly string[]).includes(segment)), {
    message: `a path may not name ${UNSAFE_PATH_SEGMENTS.join(', ')}`,
    // ZodPipe answers with this stable code instead of VALIDATION_FAILED.
    params: { errorCode: 'UNSAFE_TEMPLATE_PATH' },
  });

export const transform = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), format: dateFormat }),
  /** ISO-8601 with offset; `assumeUtc` also takes one without (Business One's UpdateDate + UpdateTime). */
  z.strictObject({ kind: z.literal('datetime'), assumeUtc: z.boolean().optional() }),
  /** OData V2 JSON `/Date(ms)/` or `/Date(ms+0000)/` (no offset = UTC), as a calendar date or an instant. */
  z.strictObject({ kind: z.literal('odataDate'), as: z.enum(['date', 'datetime']) }),
  /** The product of the rule's `sources` (plain decimals), e.g. quantity × net price. */
  z.strictObject({ kind: z.literal('multiply') }),
  /** Divides by the plain decimal at `by` (relative to the same scope), e.g. SAP's price unit `$.NetPriceQuantity`. */
  z.strictObject({ kind: z.literal('divide'), by: jsonPath }),
  /** Header rules only: the sum of a line field over the document's lines, for amounts a source does not carry. */
  z.strictObject({ kind: z.literal('sumLines'), field: z.enum(['quantity', 'quantityBase', 'unitPrice', 'discount', 'tax', 'amount']) }),
  /**
   * Negates the number when the document's field at `source` (a path from the
   * document, also in line rules) has one of `values`: credit memos carried with
   * positive amounts become negative (docs/product/sap-contract.md, sign convention).
   */
  z.strictObject({ kind: z.literal('negateWhen'), source: jsonPath, values: z.array(rawText()).min(1).max(20) }),
  z.strictObject({ kind: z.literal('decimal'), format: z.enum(['id-ID', 'plain']) }),
  z.strictObject({ kind: z.literal('integer') }),
  z.strictObject({ kind: z.literal('codeMap'), map: z.record(rawText(), rawText()), fallback: z.enum(['keep', 'error']).default('keep') }),
  z.strictObject({
    kind: z.literal('unitToBase'),
    baseUnit: rawText().min(1),
    /** Path (relative to the line) of the pieces-per-unit factor, e.g. "$.isi". */
    factorSource: jsonPath.optional(),
    /** Fixed factors per unit, e.g. { "DUS": "12" }. */
    factors: z.record(rawText(), z.string().regex(/^\d+(\.\d+)?$/)).optional(),
    /** Path (relative to the line) of the unit code. */
    unitSource: jsonPath.default('$.satuan'),
  }),
  z.strictObject({ kind: z.literal('default'), value: rawText() }),
  z.strictObject({ kind: z.literal('concat'), separator: rawText().max(10) }),
  z.strictObject({ kind: z.literal('trim') }),
  z.strictObject({ kind: z.literal('upper') }),
]);
export type Transform = z.infer<typeof transform>;

export const headerTarget = z.enum([
  'sourceId',
  'updatedAt',
  'number',
  'date',
  'partyCode',
  'partyName',
  'salesmanCode',
  'currency',
  'subtotal',
  'discount',
  'tax',
  'total',
  'status',
]);
export const lineTarget = z.enum(['productCode', 'productName', 'quantity', 'unit', 'quantityBase', 'unitPrice', 'discount', 'tax', 'amount']);
export type HeaderTarget = z.infer<typeof headerTarget>;
export type LineTarget = z.infer<typeof lineTarget>;

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

/** The paths a rule reads its value from (its `source`, or its `sources` in order). */
export const sourcePathsOf = (rule: HeaderRule | LineRule): string[] => rule.sources ?? (rule.source ? [rule.source] : []);

export const modelTemplateRules = z.strictObject({
  documentType,
  sourceModel: rawText().min(1),
  header: z.array(headerRule),
  lines: z.strictObject({ sourcePath: jsonPath, rules: z.array(lineRule) }),
});
export type ModelTemplateRules = z.infer<typeof modelTemplateRules>;

// ---- canonical document (docs/product/canonical-documents.md); decimals are strings, never floats --

export const canonicalLine = z.object({
  lineNo: z.number().int(),
  productCode: z.string(),
  productName: z.string().nullable(),
  quantity: z.string(),
  unit: z.string(),
  quantityBase: z.string(),
  unitPrice: z.string(),
  discount: z.string(),
  tax: z.string(),
  amount: z.string(),
});
export type CanonicalLine = z.infer<typeof canonicalLine>;

export const canonicalDocument = z.object({
  sourceId: z.string(),
  sourceUpdatedAt: z.string(),
  number: z.string(),
  date: z.string(),
  partyCode: z.string().nullable(),
  partyName: z.string().nullable(),
  salesmanCode: z.string().nullable(),
  currency: z.string(),
  subtotal: z.string(),
  discount: z.string(),
  tax: z.string(),
  total: z.string(),
  status: z.string().nullable(),
  lines: z.array(canonicalLine),
});
export type CanonicalDocument = z.infer<typeof canonicalDocument>;

// ---- template editing (docs/product/model-templates.md): read, preview, save as a new version --

const REQUIRED_HEADER_TARGETS = ['sourceId', 'updatedAt', 'number', 'date'] as const;

/**
 * Rules as a user may save them: on top of the shape, each rule reads from
 * one place (a path, several paths joined by a concat, or only a default),
 * targets are unique, and the fields every document needs are mapped.
 */
export const editableTemplateRules = modelTemplateRules.superRefine((rules, ctx) => {
  const check = (rule: HeaderRule | LineRule, path: (string | number)[]) => {
    // Several sources are joined (concat) or multiplied (quantity × price); a header sum of the lines reads no source of its own.
    const combines = rule.transforms.some((t) => t.kind === 'concat' || t.kind === 'multiply');
    const hasDefault = rule.transforms.some((t) => t.kind === 'default');
    const sumsLines = rule.transforms.some((t) => t.kind === 'sumLines');
    if (rule.source && rule.sources) ctx.addIssue({ code: 'custom', path, message: 'use either source or sources, not both' });
    if (rule.sources && !combines) ctx.addIssue({ code: 'custom', path, message: 'several sources need a concat or multiply transform' });
    if (!rule.source && !rule.sources && !hasDefault && !sumsLines)
      ctx.addIssue({ code: 'custom', path, message: 'a rule needs a source path, a default value or a sum of the lines' });
  };
  const seen = (targets: string[], path: (string | number)[]) => {
    const dup = targets.find((t, i) => targets.indexOf(t) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path, message: `${dup} is mapped twice` });
  };
  rules.header.forEach((r, i) => check(r, ['header', i]));
  rules.lines.rules.forEach((r, i) => check(r, ['lines', 'rules', i]));
  seen(
    rules.header.map((r) => r.target),
    ['header'],
  );
  seen(
    rules.lines.rules.map((r) => r.target),
    ['lines', 'rules'],
  );
  for (const target of REQUIRED_HEADER_TARGETS) {
    if (!rules.header.some((r) => r.target === target)) ctx.addIssue({ code: 'custom', path: ['header'], message: `${target} must be mapped` });
  }
  if (!rules.lines.rules.some((r) => r.target === 'productCode'))
    ctx.addIssue({ code: 'custom', path: ['lines', 'rules'], message: 'productCode must be mapped' });
});

/**
 * The source's own human label (SAP's `sap:label`, in the source's words,
 * never translated) of the paths the rules read, keyed by the rule's path:
 * header paths and line paths (relative to the line) apart. A path whose
 * source field has no label has no entry.
 */
export const templateFieldLabels = z.object({ header: z.record(z.string(), z.string()), lines: z.record(z.string(), z.string()) });
export type TemplateFieldLabels = z.infer<typeof templateFieldLabels>;
export const NO_FIELD_LABELS: TemplateFieldLabels = { header: {}, lines: {} };
/** Stored labels as the contract's shape: a template stored before labels were kept ('{}') has none. */
export function fieldLabelsOf(stored: unknown): TemplateFieldLabels {
  const parsed = templateFieldLabels.safeParse(stored);
  return parsed.success ? parsed.data : NO_FIELD_LABELS;
}

export const modelTemplateVersion = z.object({
  id: z.uuid(),
  version: z.number().int(),
  isCurrent: z.boolean(),
  createdAt: z.iso.datetime(),
});

/** A template version as listed: its rules exactly as stored. */
export const modelTemplate = z.object({
  id: z.uuid(),
  integrationId: z.uuid(),
  documentType,
  sourceModel: z.string(),
  version: z.number().int(),
  isCurrent: z.boolean(),
  rules: z.unknown(),
  unmappedFields: z.array(z.string()),
  fieldLabels: templateFieldLabels,
  createdAt: z.iso.datetime(),
});
export type ModelTemplate = z.infer<typeof modelTemplate>;
export const modelTemplateList = z.object({ data: z.array(modelTemplate) });

/** One template version with its parsed rules, and the history of its document type. */
export const modelTemplateDetail = modelTemplate.extend({
  rules: modelTemplateRules,
  versions: z.array(modelTemplateVersion),
});
export type ModelTemplateDetail = z.infer<typeof modelTemplateDetail>;

export const saveTemplateVersionBody = z.strictObject({
  /** The version the edit started from: saving over a newer version is refused (409). */
  basedOnVersion: z.number().int().min(1),
  rules: editableTemplateRules,
});
export type SaveTemplateVersionBody = z.infer<typeof saveTemplateVersionBody>;

export const previewTemplateBody = z.strictObject({
  rules: editableTemplateRules,
  /** How many of the DMS's records to fetch live and map. */
  limit: z.number().int().min(1).max(20).default(5),
});
export type PreviewTemplateBody = z.infer<typeof previewTemplateBody>;

export const templatePreviewResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sourceId: z.string().nullable(), source: z.unknown(), document: canonicalDocument }),
  z.object({ ok: z.literal(false), sourceId: z.string().nullable(), source: z.unknown(), reason: z.string() }),
]);
export type TemplatePreviewResult = z.infer<typeof templatePreviewResult>;

export const templatePreview = z.object({
  sourceModel: z.string(),
  mapped: z.number().int(),
  failed: z.number().int(),
  results: z.array(templatePreviewResult),
});
export type TemplatePreview = z.infer<typeof templatePreview>;

/**
 * Why a source record failed its template (a quarantined record, a preview),
 * as a stable code the SPA translates; the English `reason` beside it stays
 * the detail for support. Params, when they apply: `field` (the canonical
 * target), `source` (the source path), `line` (1-based), `value`, `format`,
 * `unit`, `base`, `path`.
 */
export const recordFailureCode = z.enum([
  'NOT_AN_OBJECT',
  'LINES_NOT_A_LIST',
  'LINE_WITHOUT_PRODUCT',
  'FIELD_MISSING',
  'REQUIRED_EMPTY',
  'NOT_A_NUMBER',
  'NOT_AN_INDONESIAN_NUMBER',
  'NOT_A_PLAIN_NUMBER',
  'NOT_AN_INTEGER',
  'NOT_A_DATE',
  'NOT_A_DATETIME',
  'UNSUPPORTED_DATE_FORMAT',
  'NO_CODE_MAPPING',
  'NO_UNIT_CONVERSION',
  'TOO_LARGE',
  'NOT_A_SINGLE_VALUE',
  /** A master-data record: a product's unit conversion (`unit`, `value`) is not a positive number, or names a unit twice. */
  'INVALID_UNIT_CONVERSION',
  /** A master-data record: `field` is longer than the portal keeps. */
  'TOO_LONG',
  /** A master-data record: `field` is not of the type the source's contract says (text where a list is due, …). */
  'WRONG_TYPE',
  'UNKNOWN',
]);
export type RecordFailureCode = z.infer<typeof recordFailureCode>;
export const recordFailureParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type RecordFailureParams = z.infer<typeof recordFailureParams>;
/** A stored code as the contract's enum: one this build does not know reads as UNKNOWN (the reason text still explains it). */
export function recordFailureCodeOf(stored: string | null): RecordFailureCode | null {
  if (stored === null) return null;
  const parsed = recordFailureCode.safeParse(stored);
  return parsed.success ? parsed.data : 'UNKNOWN';
}
/** Stored params (JSON) as the contract's shape; anything else is dropped rather than sent. */
export function recordFailureParamsOf(stored: unknown): RecordFailureParams | null {
  const parsed = recordFailureParams.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
