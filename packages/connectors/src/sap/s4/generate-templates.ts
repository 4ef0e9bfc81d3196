import { type HeaderRule, type LineRule, sourcePathsOf, type Transform } from '@portal/contracts';
import type { GeneratedTemplate } from '../../source-connector';
import { type EdmEntityType, type EdmProperty, type EdmxModel, entityTypeOfSet } from '../odata/edmx';
import { partyNameField, type S4Service } from './s4-services';

// The rules below are the ones docs/product/sap-s4hana-connector.md ("Templates") describes; keep them together.

/** The header's document date per service (all Edm.DateTime with sap:display-format="Date"). */
const DOCUMENT_DATE = ['SalesOrderDate', 'CustomerReturnDate', 'BillingDocumentDate', 'DocumentDate', 'PurchaseOrderDate'];
const CURRENCY = ['TransactionCurrency', 'DocumentCurrency'];
const STATUS = ['OverallSDProcessStatus', 'PurchasingProcessingStatus'];
/** The ordered quantity of an item, preferred over other quantities (base-unit or delivered ones) the item may carry. */
const LINE_QUANTITY = ['RequestedQuantity', 'BillingQuantity', 'OrderQuantity', 'QuantityInPurchaseOrderUnit'];
const LINE_NET = ['NetAmount', 'SupplierInvoiceItemAmount'];

/**
 * Billing document type and cancellation flag → status. F2 invoice, G2 credit
 * memo, L2 debit memo, S1 cancellation of an invoice, S2 cancellation of a
 * credit memo; a cancelled document keeps its amounts and says CANCELLED.
 */
const BILLING_STATUS: Record<string, string> = {
  'false/F2': 'INVOICE',
  'true/F2': 'CANCELLED',
  'false/G2': 'CREDIT_MEMO',
  'true/G2': 'CANCELLED',
  'false/L2': 'DEBIT_MEMO',
  'true/L2': 'CANCELLED',
  'false/S1': 'CANCELLATION',
  'false/S2': 'CANCELLATION',
};
/** Billing types whose amounts SAP carries positive but which take money back: a credit memo, an invoice's cancellation. */
const NEGATIVE_BILLING_TYPES = ['G2', 'S1'];

const plainDecimal: Transform = { kind: 'decimal', format: 'plain' };
const text: Transform[] = [{ kind: 'trim' }];
const code: Transform[] = [{ kind: 'trim' }, { kind: 'upper' }];

const shown = (p: EdmProperty, prefix = '') => `${prefix}${p.name}${p.label ? ` (${p.label})` : ''}`;

/** The sap:label of each path the rules read from `type`; a property without one (or a field not in the metadata) has no entry. */
function labelsOf(rules: (HeaderRule | LineRule)[], type: EdmEntityType): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const path of rules.flatMap(sourcePathsOf)) {
    const label = type.properties.find((p) => `$.${p.name}` === path)?.label;
    if (label) labels[path] = label;
  }
  return labels;
}

/** The document type's negation rule, when the metadata has the field it reads. */
function negation(s: S4Service, header: EdmEntityType): Extract<Transform, { kind: 'negateWhen' }> | null {
  const has = (n: string) => header.properties.some((p) => p.name === n);
  if (s.documentType === 'SALES_INVOICE' && has('BillingDocumentType'))
    return { kind: 'negateWhen', source: '$.BillingDocumentType', values: NEGATIVE_BILLING_TYPES };
  if (s.documentType === 'PURCHASE_INVOICE' && has('SupplierInvoiceIsCreditMemo'))
    return { kind: 'negateWhen', source: '$.SupplierInvoiceIsCreditMemo', values: ['X'] };
  return null;
}

/**
 * The model template of one S/4HANA document type, generated from the
 * tenant's own `$metadata`: a field this system's release lacks is not
 * mapped and is named in `missing`; amounts SAP does not carry are computed
 * from the lines by visible rules; every property nobody maps is listed with
 * its `sap:label`, and every mapped one's label is kept as the display name of
 * its path. Null when the metadata has no such entity set.
 */
export function generateTemplate(s: S4Service, model: EdmxModel): GeneratedTemplate | null {
  const header = entityTypeOfSet(model, s.entitySet);
  if (!header) return null;
  const missing: string[] = [];
  const used = new Set<string>();
  const prop = (t: EdmEntityType, names: string[], usedSet: Set<string>): EdmProperty | undefined => {
    const p = names.map((n) => t.properties.find((x) => x.name === n)).find((x) => x !== undefined);
    if (p) usedSet.add(p.name);
    return p;
  };
  const h = (names: string[]) => prop(header, names, used);
  const negate = negation(s, header);
  const signed = (t: Transform[]) => (negate ? [...t, negate] : t);
  if (negate) used.add(negate.source.slice(2));

  const rules: HeaderRule[] = [];
  const keys = header.keys.length > 0 ? header.keys : s.keys;
  keys.forEach((k) => used.add(k));
  rules.push(
    keys.length === 1
      ? { target: 'sourceId', source: `$.${keys[0]}`, transforms: text, required: true }
      : { target: 'sourceId', sources: keys.map((k) => `$.${k}`), transforms: [{ kind: 'concat', separator: '/' }], required: true },
  );
  rules.push({ target: 'number', source: `$.${keys[0]}`, transforms: text, required: true });

  const changed = h(['LastChangeDateTime']);
  if (changed) rules.push({ target: 'updatedAt', source: `$.${changed.name}`, transforms: [{ kind: 'odataDate', as: 'datetime' }], required: true });
  else {
    const standIn = h(['CreationDate', 'PostingDate']);
    if (standIn) rules.push({ target: 'updatedAt', source: `$.${standIn.name}`, transforms: [{ kind: 'odataDate', as: 'datetime' }], required: true });
    missing.push(
      `updatedAt: ${s.entitySet} has no change timestamp; ${standIn ? `${standIn.name} stands in, so a change to a posted document is not re-applied` : 'no creation or posting date either'}`,
    );
  }

  const date = h(DOCUMENT_DATE);
  if (date) rules.push({ target: 'date', source: `$.${date.name}`, transforms: [{ kind: 'odataDate', as: 'date' }], required: true });
  else missing.push(`date: none of ${DOCUMENT_DATE.join(', ')} in this system's metadata`);

  const party = h([s.party.field]);
  if (party) rules.push({ target: 'partyCode', source: `$.${party.name}`, transforms: text, required: false });
  else missing.push(`partyCode: no ${s.party.field} in this system's metadata`);
  // Not in the metadata: the connector adds it from API_BUSINESS_PARTNER (absent when that service is not there).
  rules.push({ target: 'partyName', source: `$.${partyNameField(s)}`, transforms: text, required: false });

  const currency = h(CURRENCY);
  if (currency) rules.push({ target: 'currency', source: `$.${currency.name}`, transforms: code, required: true });
  else missing.push(`currency: none of ${CURRENCY.join(', ')} in this system's metadata`);

  const amount = (target: HeaderRule['target'], names: string[]) => {
    const p = h(names);
    if (p) rules.push({ target, source: `$.${p.name}`, transforms: signed([plainDecimal]), required: false });
    return p;
  };
  // The line amounts already carry the sign, so a sum of them is never negated again.
  const fromLines = (target: HeaderRule['target']) => rules.push({ target, transforms: [{ kind: 'sumLines', field: 'amount' }], required: false });

  switch (s.documentType) {
    case 'SALES_ORDER':
    case 'SALES_RETURN':
      amount('subtotal', ['TotalNetAmount']);
      fromLines('total');
      missing.push('total: S/4HANA carries no gross amount on this document; total is the sum of the line net amounts');
      missing.push('tax: not on the header or items (only in the pricing elements)');
      break;
    case 'SALES_INVOICE':
      amount('subtotal', ['TotalNetAmount']);
      if (!amount('tax', ['TaxAmount'])) missing.push("tax: no TaxAmount in this system's metadata");
      if (!amount('total', ['TotalGrossAmount'])) {
        fromLines('total');
        missing.push("total: no TotalGrossAmount in this system's metadata; total is the sum of the line net amounts");
      }
      break;
    case 'PURCHASE_INVOICE':
      fromLines('subtotal');
      if (!amount('total', ['InvoiceGrossAmount'])) {
        fromLines('total');
        missing.push("total: no InvoiceGrossAmount in this system's metadata; total is the sum of the item amounts");
      }
      missing.push('tax: only in to_SupplierInvoiceTax, which is not read');
      break;
    case 'PURCHASE_ORDER':
      fromLines('subtotal');
      fromLines('total');
      missing.push('subtotal, total: the V2 purchase order has no header totals; both are the sum of the line amounts (quantity × price ÷ price unit)');
      break;
  }

  if (s.documentType === 'SALES_INVOICE' && header.properties.some((p) => p.name === 'BillingDocumentType')) {
    const cancelled = h(['BillingDocumentIsCancelled']);
    rules.push({
      target: 'status',
      ...(cancelled ? { sources: ['$.BillingDocumentIsCancelled', '$.BillingDocumentType'] } : { source: '$.BillingDocumentType' }),
      transforms: [
        ...(cancelled ? [{ kind: 'concat', separator: '/' } as const] : []),
        {
          kind: 'codeMap',
          map: cancelled
            ? BILLING_STATUS
            : Object.fromEntries(Object.entries(BILLING_STATUS).flatMap(([k, v]) => (k.startsWith('false/') ? [[k.slice(6), v]] : []))),
          fallback: 'keep',
        },
      ],
      required: false,
    });
  } else if (s.documentType === 'PURCHASE_INVOICE' && negate) {
    rules.push({
      target: 'status',
      source: '$.SupplierInvoiceIsCreditMemo',
      transforms: [
        { kind: 'codeMap', map: { X: 'CREDIT_MEMO' }, fallback: 'keep' },
        { kind: 'default', value: 'INVOICE' },
      ],
      required: false,
    });
  } else {
    const status = h(STATUS);
    if (status) rules.push({ target: 'status', source: `$.${status.name}`, transforms: text, required: false });
  }

  const { lineRules, itemNav, itemType, unmappedItems } = lines(s, model, header, signed, missing);
  if (itemNav) used.add(itemNav);
  const unmappedFields = [...header.properties.filter((p) => !used.has(p.name)).map((p) => shown(p)), ...unmappedItems];
  const sourceModel = `${s.service}/${s.entitySet}`;
  return {
    documentType: s.documentType,
    sourceModel,
    rules: { documentType: s.documentType, sourceModel, header: rules, lines: { sourcePath: `$.${itemNav ?? s.itemNav}.results`, rules: lineRules } },
    unmappedFields,
    fieldLabels: { header: labelsOf(rules, header), lines: itemType ? labelsOf(lineRules, itemType) : {} },
    missing,
  };
}

/** The header's item navigation: the expected one when the metadata has it, else the first collection whose key extends the header's. */
export function itemNavigationOf(s: S4Service, model: EdmxModel, header: EdmEntityType): { name: string; type: EdmEntityType } | null {
  const candidates = header.navigations.filter((n) => n.many);
  const nav =
    candidates.find((n) => n.name === s.itemNav) ??
    candidates.find((n) => {
      const t = model.entityTypes.get(n.targetType);
      return t !== undefined && header.keys.every((k) => t.keys.includes(k)) && t.keys.length > header.keys.length;
    });
  const type = nav && model.entityTypes.get(nav.targetType);
  return nav && type ? { name: nav.name, type } : null;
}

function lines(s: S4Service, model: EdmxModel, header: EdmEntityType, signed: (t: Transform[]) => Transform[], missing: string[]) {
  const found = itemNavigationOf(s, model, header);
  if (!found) {
    missing.push(`lines: no item navigation (${s.itemNav}) in this system's metadata`);
    return { lineRules: [] as LineRule[], itemNav: null, itemType: null, unmappedItems: [] as string[] };
  }
  const item = found.type;
  const used = new Set<string>(header.keys);
  const prop = (names: string[]) => {
    const p = names.map((n) => item.properties.find((x) => x.name === n)).find((x) => x !== undefined);
    if (p) used.add(p.name);
    return p;
  };
  const rules: LineRule[] = [];

  const material = prop(['Material']);
  const poRef = material ? undefined : [prop(['PurchaseOrder']), prop(['PurchaseOrderItem'])];
  if (material) rules.push({ target: 'productCode', source: `$.${material.name}`, transforms: text, required: true });
  else if (poRef?.every((p) => p !== undefined)) {
    rules.push({
      target: 'productCode',
      sources: ['$.PurchaseOrder', '$.PurchaseOrderItem'],
      transforms: [{ kind: 'concat', separator: '/' }],
      required: true,
    });
    missing.push(`line productCode: ${item.name} carries no Material; the purchase-order item it references (PurchaseOrder/PurchaseOrderItem) stands in`);
  } else missing.push(`line productCode: no Material in ${item.name}`);

  const name = item.properties.find((p) => p.name.endsWith('ItemText'));
  if (name) {
    used.add(name.name);
    rules.push({ target: 'productName', source: `$.${name.name}`, transforms: text, required: false });
  } else missing.push(`line productName: no …ItemText property in this system's ${item.name}`);

  // The ordered quantity is a decimal whose sap:unit points at a unit-of-measure field.
  const isUnitOfMeasure = (p: EdmProperty) => {
    const unit = p.unit ? item.properties.find((u) => u.name === p.unit) : undefined;
    return p.type === 'Edm.Decimal' && unit !== undefined && unit.semantics !== 'currency-code';
  };
  const quantity =
    LINE_QUANTITY.map((n) => item.properties.find((p) => p.name === n && isUnitOfMeasure(p))).find((p) => p !== undefined) ??
    item.properties.find(isUnitOfMeasure);
  if (quantity) {
    used.add(quantity.name);
    rules.push({ target: 'quantity', source: `$.${quantity.name}`, transforms: [plainDecimal], required: true });
    used.add(quantity.unit!);
    rules.push({ target: 'unit', source: `$.${quantity.unit}`, transforms: code, required: false });
  } else missing.push(`line quantity: no quantity with a unit of measure in ${item.name}`);

  if (s.documentType === 'PURCHASE_ORDER') {
    const qty = prop(['OrderQuantity']);
    const price = prop(['NetPriceAmount']);
    const per = prop(['NetPriceQuantity']);
    const perUnit: Transform[] = per ? [{ kind: 'divide', by: `$.${per.name}` }] : [];
    if (qty && price) {
      rules.push({ target: 'amount', sources: [`$.${qty.name}`, `$.${price.name}`], transforms: [{ kind: 'multiply' }, ...perUnit], required: false });
      rules.push({ target: 'unitPrice', source: `$.${price.name}`, transforms: per ? perUnit : [plainDecimal], required: false });
    } else missing.push(`line amount: ${item.name} lacks OrderQuantity or NetPriceAmount`);
  } else {
    const net = prop(LINE_NET);
    if (net) rules.push({ target: 'amount', source: `$.${net.name}`, transforms: signed([plainDecimal]), required: false });
    else missing.push(`line amount: none of ${LINE_NET.join(', ')} in ${item.name}`);
    const tax = prop(['TaxAmount']);
    if (tax) rules.push({ target: 'tax', source: `$.${tax.name}`, transforms: signed([plainDecimal]), required: false });
  }

  const unmappedItems = item.properties.filter((p) => !used.has(p.name)).map((p) => shown(p, `${found.name}/`));
  return { lineRules: rules, itemNav: found.name, itemType: item, unmappedItems };
}
