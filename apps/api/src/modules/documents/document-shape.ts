import type { DocumentSummary } from '@portal/contracts';
import { dec, isoDay } from './document-format';
import type { DocumentRow } from './documents.repository';

type Decimalish = { toFixed(n?: number): string };
interface StoredLine {
  lineNo: number;
  productCode: string;
  productName: string | null;
  quantity: Decimalish;
  unit: string;
  quantityBase: Decimalish;
  unitPrice: Decimalish;
  discount: Decimalish;
  tax: Decimalish;
  amount: Decimalish;
}

/** A stored line as the API and the ingest comparison see it: fixed-scale decimal strings. */
export const lineOut = (l: StoredLine) => ({
  lineNo: l.lineNo,
  productCode: l.productCode,
  productName: l.productName,
  quantity: dec(l.quantity, 4),
  unit: l.unit,
  quantityBase: dec(l.quantityBase, 4),
  unitPrice: dec(l.unitPrice),
  discount: dec(l.discount),
  tax: dec(l.tax),
  amount: dec(l.amount),
});

/** A document header as every answer shows it (list, detail, changes feed); `names`: the distributors' names by id. */
export function toSummary(r: DocumentRow, names: Map<string, string>): DocumentSummary {
  return {
    id: r.id,
    distributor: { id: r.organizationId, name: names.get(r.organizationId) ?? '' },
    integrationId: r.integrationId,
    type: r.type,
    sourceId: r.sourceId,
    number: r.number,
    date: isoDay(r.date),
    partyCode: r.partyCode,
    partyName: r.partyName,
    salesmanCode: r.salesmanCode,
    currency: r.currency,
    subtotal: dec(r.subtotal),
    discount: dec(r.discount),
    tax: dec(r.tax),
    total: dec(r.total),
    status: r.status,
    sourceUpdatedAt: r.sourceUpdatedAt.toISOString(),
    templateVersion: r.templateVersion,
    lineCount: r.lineCount,
  };
}
