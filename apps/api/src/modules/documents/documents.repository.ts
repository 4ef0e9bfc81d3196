import { Injectable } from '@nestjs/common';
import type { DocumentFilters } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

export const documentSelect = {
  id: true,
  organizationId: true,
  integrationId: true,
  type: true,
  sourceId: true,
  number: true,
  date: true,
  partyCode: true,
  partyName: true,
  salesmanCode: true,
  currency: true,
  subtotal: true,
  discount: true,
  tax: true,
  total: true,
  status: true,
  sourceUpdatedAt: true,
  templateVersion: true,
  lineCount: true,
} as const satisfies Prisma.DocumentSelect;
export type DocumentRow = Prisma.DocumentGetPayload<{ select: typeof documentSelect }>;

export type Keyset = { sort: 'date_desc' | 'date_asc' | 'total_desc' | 'total_asc'; after?: { value: Date | string; id: string } };

/**
 * Prisma access for consolidated documents. Which rows a caller sees is
 * decided by row-level security (own rows, or a principal's connection
 * scope); these queries add only the user's filters.
 */
@Injectable()
export class DocumentsRepository {
  where(f: DocumentFilters): Prisma.DocumentWhereInput {
    const and: Prisma.DocumentWhereInput[] = [];
    if (f.type) and.push({ type: f.type });
    if (f.from) and.push({ date: { gte: new Date(`${f.from}T00:00:00Z`) } });
    if (f.to) and.push({ date: { lte: new Date(`${f.to}T00:00:00Z`) } });
    if (f.party) and.push({ OR: [{ partyCode: f.party }, { partyName: { contains: f.party, mode: 'insensitive' } }] });
    if (f.product) and.push({ lines: { some: { productCode: f.product } } });
    if (f.distributorId) and.push({ organizationId: f.distributorId });
    if (f.integrationId) and.push({ integrationId: f.integrationId });
    return { AND: and };
  }

  page(tx: OrgTx, filters: DocumentFilters, keyset: Keyset, take: number) {
    const field = keyset.sort.startsWith('date') ? 'date' : 'total';
    const dir = keyset.sort.endsWith('desc') ? 'desc' : 'asc';
    const cmp = dir === 'desc' ? 'lt' : 'gt';
    const after = keyset.after
      ? { OR: [{ [field]: { [cmp]: keyset.after.value } }, { [field]: keyset.after.value, id: { [cmp]: keyset.after.id } }] }
      : {};
    return tx.document.findMany({
      where: { AND: [this.where(filters), after as Prisma.DocumentWhereInput] },
      orderBy: [{ [field]: dir }, { id: dir }],
      take,
      select: documentSelect,
    });
  }

  count(tx: OrgTx, filters: DocumentFilters) {
    return tx.document.count({ where: this.where(filters) });
  }

  totalsByDistributor(tx: OrgTx, filters: DocumentFilters) {
    return tx.document.groupBy({ by: ['organizationId'], where: this.where(filters), _count: { _all: true }, _sum: { total: true } });
  }

  seriesByDay(tx: OrgTx, filters: DocumentFilters) {
    return tx.document.groupBy({ by: ['date', 'type'], where: this.where(filters), _count: { _all: true }, _sum: { total: true }, orderBy: [{ date: 'asc' }] });
  }

  linesFor(tx: OrgTx, documentIds: string[]) {
    return tx.documentLine.findMany({ where: { documentId: { in: documentIds } }, orderBy: [{ documentId: 'asc' }, { lineNo: 'asc' }] });
  }

  detail(tx: OrgTx, id: string) {
    return tx.document.findUnique({ where: { id }, select: { ...documentSelect, lines: { orderBy: { lineNo: 'asc' } } } });
  }
}
