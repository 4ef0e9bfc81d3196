import type { DocumentList, DocumentType } from '@portal/contracts';

type TypeTotal = DocumentList['totals']['byType'][number];
export type TypeAmounts = { type: DocumentType; documents: number; amounts: { currency: string; amount: string }[] };

/**
 * The API's (type, currency) totals as one entry per type, in the API's
 * order, holding that type's count and one amount per currency: amounts in
 * different currencies are shown side by side, never added.
 */
export function amountsPerType(byType: TypeTotal[]): TypeAmounts[] {
  const out = new Map<DocumentType, TypeAmounts>();
  for (const { type, currency, documents, amount } of byType) {
    const entry = out.get(type) ?? { type, documents: 0, amounts: [] };
    entry.documents += documents;
    entry.amounts.push({ currency, amount });
    out.set(type, entry);
  }
  return [...out.values()];
}
