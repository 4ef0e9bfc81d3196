import { type DocumentType, type HeaderRule, type LineRule, NO_FIELD_LABELS, type Transform } from '@portal/contracts';
import type { GeneratedTemplate } from '../../source-connector';
import type { B1DocumentModel, B1Property } from './b1-metadata';

/**
 * The field the connector adds to every record: the entity set it came from.
 * Returns and CreditNotes are both sales returns and number their DocEntry
 * independently, so the source id and the credit-note sign need it.
 */
export const ENTITY_SET_FIELD = 'PortalEntitySet';
/** Entity sets whose documents are credits: their amounts are negated (docs/product/sap-business-one.md). */
const CREDIT_ENTITY_SETS = ['CreditNotes'];

const HEADER_NAMES: Partial<Record<HeaderRule['target'], string[]>> = {
  number: ['DocNum'],
  date: ['DocDate'],
  partyCode: ['CardCode'],
  partyName: ['CardName'],
  salesmanCode: ['SalesPersonCode'],
  currency: ['DocCurrency'],
  discount: ['TotalDiscount'],
  tax: ['VatSum'],
  total: ['DocTotal'],
};
// Price is after the line's DiscountPercent, so quantity × price = LineTotal with the line discount left at 0.
const LINE_NAMES: Partial<Record<LineRule['target'], string[]>> = {
  productCode: ['ItemCode'],
  productName: ['ItemDescription'],
  quantity: ['Quantity'],
  unit: ['UoMCode'],
  unitPrice: ['Price', 'UnitPrice'],
  tax: ['TaxTotal'],
  amount: ['LineTotal'],
};
const KEY = 'DocEntry';
const UPDATE_DATE = 'UpdateDate';
const UPDATE_TIME = 'UpdateTime';
const CANCELLED = 'Cancelled';
const DOCUMENT_STATUS = 'DocumentStatus';
const UNIT_FACTOR = 'UnitsOfMeasurment';
const BASE_UNIT = 'PCS';
// Business One's "-No Sales Employee-".
const NO_SALES_EMPLOYEE = '-1';
const STATUS_MAP: Record<string, string> = {
  'tYES/bost_Open': 'CANCELLED',
  'tYES/bost_Close': 'CANCELLED',
  'tNO/bost_Open': 'OPEN',
  'tNO/bost_Close': 'CLOSED',
  'tNO/bost_Paid': 'PAID',
  'tNO/bost_Delivered': 'DELIVERED',
};
const DATE_TYPES = new Set(['Edm.DateTime', 'Edm.Date', 'Edm.DateTimeOffset']);
const INTEGER_TYPES = new Set(['Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Byte']);
const NUMBER_TYPES = new Set(['Edm.Double', 'Edm.Decimal', 'Edm.Single', ...INTEGER_TYPES]);
const MONEY_TARGETS = new Set(['subtotal', 'discount', 'tax', 'total', 'unitPrice', 'amount']);
const NUMERIC_TARGETS = new Set([...MONEY_TARGETS, 'quantity']);
const REQUIRED_HEADER = new Set(['sourceId', 'updatedAt', 'number', 'date']);

function transformsFor(p: B1Property, target: string): Transform[] | { problem: string } {
  if (NUMERIC_TARGETS.has(target)) {
    // JSON numbers on the wire: `decimal plain` takes them as they are.
    if (NUMBER_TYPES.has(p.edmType)) return [{ kind: 'decimal', format: 'plain' }];
    return { problem: `${p.name}: type ${p.edmType} cannot be ${target}` };
  }
  if (target === 'date') {
    if (DATE_TYPES.has(p.edmType)) return [{ kind: 'date', format: 'yyyy-MM-dd' }];
    return { problem: `${p.name}: type ${p.edmType} is not a date` };
  }
  if (target === 'salesmanCode') return [{ kind: 'codeMap', map: { [NO_SALES_EMPLOYEE]: '' }, fallback: 'keep' }];
  if (target === 'currency' || target === 'unit') return [{ kind: 'trim' }, { kind: 'upper' }];
  if (INTEGER_TYPES.has(p.edmType)) return [];
  return [{ kind: 'trim' }];
}

function pick<T extends string>(names: Partial<Record<T, string[]>>, properties: B1Property[]): Map<T, B1Property> {
  const found = new Map<T, B1Property>();
  for (const [target, candidates] of Object.entries(names) as [T, string[]][]) {
    const p = candidates.map((c) => properties.find((x) => x.name === c)).find(Boolean);
    if (p) found.set(target, p);
  }
  return found;
}

/**
 * The template for one document type, from the $metadata of its entity sets
 * (several for sales returns: Returns and CreditNotes share one type). Only
 * properties the metadata declares are mapped; the rest stay listed as
 * unmapped. Amounts of credit notes are negated (see CREDIT_ENTITY_SETS).
 */
export function generateB1Template(documentType: DocumentType, entitySets: string[], model: B1DocumentModel): GeneratedTemplate {
  const has = (name: string) => model.properties.some((p) => p.name === name);
  const usedHeader = new Set<string>();
  const missing: string[] = [];
  const header: HeaderRule[] = [];
  const negate: Transform[] = entitySets.some((s) => CREDIT_ENTITY_SETS.includes(s))
    ? [{ kind: 'negateWhen', source: `$.${ENTITY_SET_FIELD}`, values: CREDIT_ENTITY_SETS }]
    : [];

  if (has(KEY)) {
    usedHeader.add(KEY);
    header.push({ target: 'sourceId', sources: [`$.${ENTITY_SET_FIELD}`, `$.${KEY}`], transforms: [{ kind: 'concat', separator: ':' }], required: true });
  }
  if (has(UPDATE_DATE) && has(UPDATE_TIME)) {
    usedHeader.add(UPDATE_DATE).add(UPDATE_TIME);
    // The Service Layer writes the server's wall clock without a zone; read as UTC, the same way the pull's watermark does.
    header.push({
      target: 'updatedAt',
      sources: [`$.${UPDATE_DATE}`, `$.${UPDATE_TIME}`],
      transforms: [
        { kind: 'concat', separator: 'T' },
        { kind: 'datetime', assumeUtc: true },
      ],
      required: true,
    });
  }
  for (const [target, p] of pick(HEADER_NAMES, model.properties)) {
    const t = transformsFor(p, target);
    if ('problem' in t) {
      missing.push(`${target}: ${t.problem}`);
      continue;
    }
    usedHeader.add(p.name);
    header.push({ target, source: `$.${p.name}`, transforms: MONEY_TARGETS.has(target) ? [...t, ...negate] : t, required: REQUIRED_HEADER.has(target) });
  }
  if (has(CANCELLED) && has(DOCUMENT_STATUS)) {
    usedHeader.add(CANCELLED).add(DOCUMENT_STATUS);
    header.push({
      target: 'status',
      sources: [`$.${CANCELLED}`, `$.${DOCUMENT_STATUS}`],
      transforms: [
        { kind: 'concat', separator: '/' },
        { kind: 'codeMap', map: STATUS_MAP, fallback: 'keep' },
      ],
      required: false,
    });
  }
  if (!header.some((r) => r.target === 'currency')) header.push({ target: 'currency', transforms: [{ kind: 'default', value: 'IDR' }], required: false });

  const linesName = model.lines?.name ?? 'DocumentLines';
  const lineProperties = model.lines?.properties ?? [];
  const usedLine = new Set<string>();
  const lineRules: LineRule[] = [];
  if (!model.lines) missing.push('lines: no line collection (DocumentLines) in $metadata');
  const lineMap = pick(LINE_NAMES, lineProperties);
  for (const [target, p] of lineMap) {
    const t = transformsFor(p, target);
    if ('problem' in t) {
      missing.push(`line ${target}: ${t.problem}`);
      continue;
    }
    usedLine.add(p.name);
    const signed = target === 'amount' || target === 'tax' ? [...t, ...negate] : t;
    lineRules.push({ target, source: `$.${p.name}`, transforms: signed, required: target === 'productCode' || target === 'quantity' });
  }
  const quantity = lineMap.get('quantity');
  const unit = lineMap.get('unit');
  const factor = lineProperties.find((p) => p.name === UNIT_FACTOR);
  if (quantity && unit && factor) {
    usedLine.add(factor.name);
    lineRules.push({
      target: 'quantityBase',
      source: `$.${quantity.name}`,
      transforms: [
        { kind: 'decimal', format: 'plain' },
        { kind: 'unitToBase', baseUnit: BASE_UNIT, unitSource: `$.${unit.name}`, factorSource: `$.${factor.name}` },
      ],
      required: true,
    });
  }
  for (const target of ['productCode', 'quantity'] as const) if (!lineMap.has(target)) missing.push(`line ${target}: no source field`);
  // The line discount is a percentage (DiscountPercent), not an amount; the unit price is taken after it.
  missing.push('line discount: Business One gives DiscountPercent only; the unit price is the net Price after it');

  if (lineMap.has('amount')) {
    // Business One has no net header amount (DocTotal − VatSum cannot be written as a rule): the lines' LineTotal summed.
    // The source names what is summed; editable rules need one (contracts `editableTemplateRules`).
    header.push({ target: 'subtotal', source: `$.${linesName}`, transforms: [{ kind: 'sumLines', field: 'amount' }], required: false });
    missing.push('subtotal: no header field; summed from the lines (LineTotal)');
  } else {
    missing.push('subtotal: no header field and no line amount to sum');
  }
  for (const target of REQUIRED_HEADER)
    if (!header.some((r) => r.target === target) && !missing.some((m) => m.startsWith(`${target}:`))) missing.push(`${target}: no source field`);

  const sourceModel = entitySets.join('+');
  return {
    documentType,
    sourceModel,
    rules: { documentType, sourceModel, header, lines: { sourcePath: `$.${linesName}`, rules: lineRules } },
    unmappedFields: [
      ...model.properties.filter((p) => !usedHeader.has(p.name)).map((p) => p.name),
      ...lineProperties.filter((p) => !usedLine.has(p.name)).map((p) => `${linesName}/${p.name}`),
    ],
    // Business One's metadata carries no labels.
    fieldLabels: NO_FIELD_LABELS,
    missing,
  };
}
