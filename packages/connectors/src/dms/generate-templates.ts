import {
  dateFormat,
  type DmsCatalogue,
  type DmsField,
  documentTypeOfSlug,
  type HeaderRule,
  type LineRule,
  NO_FIELD_LABELS,
  type Transform,
} from '@portal/contracts';
import type { GeneratedTemplate } from '../source-connector';

// The DMS's Indonesian field names for each canonical header field.
const HEADER_NAMES: Record<HeaderRule['target'], string[]> = {
  sourceId: ['id'],
  updatedAt: ['updated_at'],
  number: ['no_so', 'no_retur', 'no_faktur', 'no_faktur_beli', 'no_po'],
  date: ['tgl_so', 'tgl_retur', 'tgl_faktur', 'tgl_faktur_beli', 'tgl_po'],
  partyCode: ['kode_pelanggan', 'kode_supplier'],
  partyName: ['nama_pelanggan', 'nama_supplier'],
  salesmanCode: ['kode_salesman'],
  currency: ['mata_uang', 'currency'],
  subtotal: ['subtotal'],
  discount: ['diskon'],
  tax: ['ppn'],
  total: ['total'],
  status: ['status'],
};
const LINE_NAMES: Record<Exclude<LineRule['target'], 'quantityBase'>, string[]> = {
  productCode: ['kode_barang'],
  productName: ['nama_barang'],
  quantity: ['qty'],
  unit: ['satuan'],
  unitPrice: ['harga'],
  discount: ['diskon'],
  tax: ['ppn'],
  amount: ['jumlah'],
};
const LINE_ARRAYS = ['detail', 'details', 'items'];
const UNIT_FACTOR = 'isi';
const BASE_UNIT = 'PCS';
const REQUIRED_HEADER = new Set(['sourceId', 'updatedAt', 'number', 'date']);
const NUMERIC_TARGETS = new Set(['subtotal', 'discount', 'tax', 'total', 'quantity', 'unitPrice', 'amount']);

/** Transforms that turn a catalogue field, as the DMS describes it, into the canonical value. */
function transformsFor(field: DmsField, target: string): Transform[] | { problem: string } {
  if (NUMERIC_TARGETS.has(target)) {
    if (field.type === 'integer') return [{ kind: 'integer' }];
    if (field.type === 'decimal') {
      if (field.format === 'id-ID' || field.format === 'plain') return [{ kind: 'decimal', format: field.format }];
      return { problem: `${field.name}: unknown decimal format ${JSON.stringify(field.format)}` };
    }
    return { problem: `${field.name}: type ${field.type} cannot be ${target}` };
  }
  if (target === 'date') {
    const f = dateFormat.safeParse(field.format);
    if (field.type !== 'date' || !f.success) return { problem: `${field.name}: unsupported date format ${JSON.stringify(field.format)}` };
    return [{ kind: 'date', format: f.data }];
  }
  if (target === 'updatedAt') return [{ kind: 'datetime' }];
  if (target === 'unit') return [{ kind: 'trim' }, { kind: 'upper' }];
  return [{ kind: 'trim' }];
}

function pick<T extends string>(names: Record<T, string[]>, fields: DmsField[], used: Set<string>) {
  const found = new Map<T, DmsField>();
  for (const [target, candidates] of Object.entries(names) as [T, string[]][]) {
    const f = fields.find((x) => candidates.includes(x.name) && x.type !== 'array');
    if (f) {
      found.set(target, f);
      used.add(f.name);
    }
  }
  return found;
}

/**
 * One model template per known document type, generated from the DMS's own
 * field catalogue: names map to canonical fields, formats come from the
 * catalogue (never assumed), unit conversion uses the per-line factor.
 */
export function generateTemplates(catalogue: DmsCatalogue): GeneratedTemplate[] {
  const out: GeneratedTemplate[] = [];
  for (const model of catalogue.models) {
    const documentType = documentTypeOfSlug(model.type);
    if (!documentType) continue;
    const missing: string[] = [];
    const usedHeader = new Set<string>();
    const header: HeaderRule[] = [];
    for (const [target, field] of pick(HEADER_NAMES, model.fields, usedHeader)) {
      const t = transformsFor(field, target);
      if ('problem' in t) {
        missing.push(`${target}: ${t.problem}`);
        continue;
      }
      header.push({ target, source: `$.${field.name}`, transforms: t, required: REQUIRED_HEADER.has(target) });
    }
    for (const target of REQUIRED_HEADER) {
      if (!header.some((r) => r.target === target) && !missing.some((m) => m.startsWith(`${target}:`))) missing.push(`${target}: no source field`);
    }
    if (!header.some((r) => r.target === 'currency')) {
      header.push({ target: 'currency', transforms: [{ kind: 'default', value: 'IDR' }], required: false });
    }

    const lineArray = model.fields.find((f) => f.type === 'array' && LINE_ARRAYS.includes(f.name));
    const lineFields = lineArray?.fields ?? [];
    const usedLine = new Set<string>();
    const lineRules: LineRule[] = [];
    if (!lineArray) missing.push('lines: no line array (detail)');
    const lineMap = pick(LINE_NAMES, lineFields, usedLine);
    for (const [target, field] of lineMap) {
      const t = transformsFor(field, target);
      if ('problem' in t) {
        missing.push(`line ${target}: ${t.problem}`);
        continue;
      }
      lineRules.push({ target, source: `$.${field.name}`, transforms: t, required: target === 'productCode' || target === 'quantity' });
    }
    if (!lineMap.has('productCode')) missing.push('line productCode: no source field');
    const qty = lineRules.find((r) => r.target === 'quantity');
    const unit = lineMap.get('unit');
    const factor = lineFields.find((f) => f.name === UNIT_FACTOR);
    if (qty && unit) {
      if (factor) usedLine.add(factor.name);
      lineRules.push({
        target: 'quantityBase',
        source: qty.source,
        transforms: [
          ...qty.transforms,
          { kind: 'unitToBase', baseUnit: BASE_UNIT, unitSource: `$.${unit.name}`, ...(factor ? { factorSource: `$.${factor.name}` } : {}) },
        ],
        required: true,
      });
    }

    const unmappedFields = [
      ...model.fields.filter((f) => !usedHeader.has(f.name) && f !== lineArray).map((f) => f.name),
      ...lineFields.filter((f) => !usedLine.has(f.name)).map((f) => `${lineArray?.name}.${f.name}`),
    ];
    out.push({
      documentType,
      sourceModel: model.type,
      rules: { documentType, sourceModel: model.type, header, lines: { sourcePath: `$.${lineArray?.name ?? 'detail'}`, rules: lineRules } },
      unmappedFields,
      // The DMS catalogue names fields only; it has no labels.
      fieldLabels: NO_FIELD_LABELS,
      missing,
    });
  }
  return out;
}

/** Model types in the catalogue that the portal has no canonical document for. */
export function unknownModels(catalogue: DmsCatalogue): string[] {
  return catalogue.models.map((m) => m.type).filter((t) => !documentTypeOfSlug(t));
}
