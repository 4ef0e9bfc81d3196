import { Injectable } from '@nestjs/common';
import type { DocumentFilters, DocumentSort, DocumentSortColumn, DocumentType } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

/** A document's header as its source sent it: what listing shows and what ingestion compares a new version against. */
const documentHeaderSelect = {
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
} as const satisfies Prisma.DocumentSelect;

export const documentSelect = {
  id: true,
  organizationId: true,
  integrationId: true,
  type: true,
  ...documentHeaderSelect,
  templateVersion: true,
  lineCount: true,
} as const satisfies Prisma.DocumentSelect;
export type DocumentRow = Prisma.DocumentGetPayload<{ select: typeof documentSelect }>;

/** The stored field behind each sort column; only the party name may be missing (such documents come last either way). */
const SORT_FIELD = { date: 'date', number: 'number', party: 'partyName', total: 'total' } as const satisfies Record<DocumentSortColumn, keyof DocumentRow>;

/** A sort and, from the second page on, the last row's sort value and id (`null`: a document without a party name). */
export type Keyset = { sort: DocumentSort; after?: { value: Date | string | null; id: string } };

/**
 * Prisma access for consolidated documents. Row-level security decides which
 * rows a caller may see; every query also names the organisations it reads
 * (`orgIds`), because the policies are OR-ed together and so cannot use the
 * organisation indexes on their own: without it each list is a scan of every
 * tenant's documents.
 */
@Injectable()
export class DocumentsRepository {
  /** Documents per integration and type, of these integrations (RLS decides which documents the transaction sees). */
  countByIntegrationAndType(tx: OrgTx, integrationIds: string[]) {
    return tx.document.groupBy({ by: ['integrationId', 'type'], where: { integrationId: { in: integrationIds } }, _count: { _all: true } });
  }

  /** The stored versions of some documents of one integration and type (ingestion compares against them). */
  findForIngest(tx: OrgTx, integrationId: string, type: DocumentType, sourceIds: string[]) {
    return tx.document.findMany({
      where: { integrationId, type, sourceId: { in: sourceIds } },
      select: {
        ...documentHeaderSelect,
        lines: {
          orderBy: { lineNo: 'asc' },
          select: {
            lineNo: true,
            productCode: true,
            productName: true,
            quantity: true,
            unit: true,
            quantityBase: true,
            unitPrice: true,
            discount: true,
            tax: true,
            amount: true,
          },
        },
      },
    });
  }

  where(f: DocumentFilters, orgIds: string[]): Prisma.DocumentWhereInput {
    const and: Prisma.DocumentWhereInput[] = [orgIds.length === 1 ? { organizationId: orgIds[0]! } : { organizationId: { in: orgIds } }];
    if (f.type) and.push({ type: f.type });
    if (f.number) and.push({ number: { contains: f.number, mode: 'insensitive' } });
    if (f.from) and.push({ date: { gte: new Date(`${f.from}T00:00:00Z`) } });
    if (f.to) and.push({ date: { lte: new Date(`${f.to}T00:00:00Z`) } });
    if (f.party) and.push({ OR: [{ partyCode: f.party }, { partyName: { contains: f.party, mode: 'insensitive' } }] });
    if (f.product) and.push({ lines: { some: { productCode: f.product } } });
    if (f.distributorId) and.push({ organizationId: f.distributorId });
    if (f.integrationId) and.push({ integrationId: f.integrationId });
    return { AND: and };
  }

  async page(tx: OrgTx, filters: DocumentFilters, orgIds: string[], keyset: Keyset, take: number) {
    await this.withoutJit(tx);
    const [column, dir] = keyset.sort.split('_') as [DocumentSortColumn, 'asc' | 'desc'];
    const field = SORT_FIELD[column];
    return tx.document.findMany({
      where: { AND: [this.where(filters, orgIds), keyset.after ? afterRow(field, dir, keyset.after) : {}] },
      orderBy: [field === 'partyName' ? { partyName: { sort: dir, nulls: 'last' } } : { [field]: dir }, { id: dir }],
      take,
      select: documentSelect,
    });
  }

  async totalsByDistributor(tx: OrgTx, filters: DocumentFilters, orgIds: string[]) {
    await this.withoutJit(tx);
    return tx.document.groupBy({
      by: ['organizationId', 'type', 'currency'],
      where: this.where(filters, orgIds),
      _count: { _all: true },
      _sum: { total: true },
    });
  }

  async seriesByDay(tx: OrgTx, filters: DocumentFilters, orgIds: string[]) {
    await this.withoutJit(tx);
    return tx.document.groupBy({
      by: ['date', 'type', 'currency'],
      where: this.where(filters, orgIds),
      _count: { _all: true },
      _sum: { total: true },
      orderBy: [{ date: 'asc' }],
    });
  }

  /**
   * The RLS policies' connection subplan inflates cost estimates by orders of
   * magnitude, so Postgres JIT-compiles these queries: measured at 200k
   * documents, ~0.5 s of compiling for a 60 ms scan. Off for this transaction only.
   */
  private async withoutJit(tx: OrgTx) {
    await tx.$executeRaw`set local jit = off`;
  }

  linesFor(tx: OrgTx, documentIds: string[]) {
    return tx.documentLine.findMany({ where: { documentId: { in: documentIds } }, orderBy: [{ documentId: 'asc' }, { lineNo: 'asc' }] });
  }

  detail(tx: OrgTx, id: string) {
    return tx.document.findUnique({ where: { id }, select: { ...documentSelect, lines: { orderBy: { lineNo: 'asc' } } } });
  }
}

/**
 * The rows after the cursor's row in (field, id) order. Missing party names
 * sort last in both directions, so after a named row every unnamed one still
 * follows, and after an unnamed row only unnamed ones with a later id.
 */
function afterRow(field: (typeof SORT_FIELD)[DocumentSortColumn], dir: 'asc' | 'desc', after: NonNullable<Keyset['after']>): Prisma.DocumentWhereInput {
  const cmp = dir === 'desc' ? 'lt' : 'gt';
  if (after.value === null) return { [field]: null, id: { [cmp]: after.id } };
  const rows: Prisma.DocumentWhereInput[] = [{ [field]: { [cmp]: after.value } }, { [field]: after.value, id: { [cmp]: after.id } }];
  if (field === 'partyName') rows.push({ partyName: null });
  return { OR: rows };
}
