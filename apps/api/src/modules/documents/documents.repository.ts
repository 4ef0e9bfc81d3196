import { Injectable } from '@nestjs/common';
import type { DocumentFilters, DocumentSort, DocumentSortColumn, DocumentType } from '@portal/contracts';
import { type OrgTx, Prisma } from '@portal/db';

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

/** The stored column behind each sort; only the party name may be missing (such documents come last either way). */
const SORT_COLUMN = { date: 'date', number: 'number', party: 'party_name', total: 'total' } as const satisfies Record<DocumentSortColumn, string>;

/** A sort and, from the second page on, the last row's sort value and id (`null`: a document without a party name). */
export type Keyset = { sort: DocumentSort; after?: { value: Date | string | null; id: string } };

/** Count and amount of one (distributor, type, currency): the amount as exact decimal text. */
export interface TotalsGroup {
  organizationId: string;
  type: DocumentType;
  currency: string;
  documents: number;
  amount: string;
}

/** Count and amount of one (day or month, type, currency). */
export interface SeriesGroup {
  period: Date;
  type: DocumentType;
  currency: string;
  documents: number;
  amount: string;
}

/**
 * Filters that pick few documents through their own index (number, party,
 * product, and the insight drill-down's SKU, salesman and city): the kept
 * totals cannot answer them, and a page reads their matches directly instead
 * of walking each organisation's documents in order. Several types are not
 * among them: the totals are kept per type.
 */
const narrowing = (f: DocumentFilters) => Boolean(f.number || f.party || f.product || f.skuId || f.salesman || f.city);

/**
 * Database access for consolidated documents. Row-level security decides
 * which rows a caller may see; every query also names the organisations it
 * reads (`orgIds`), because the policies are OR-ed together and so cannot use
 * the organisation indexes on their own.
 *
 * Pages are read per organisation (a lateral join over the organisation ids,
 * each an index scan that stops after one page) and merged: a principal's
 * first page of 50 connected distributors reads 50 short index ranges instead
 * of sorting every visible document. Count, totals and the chart come from
 * the totals kept of all time, per month and per day (`document_totals`,
 * `document_month_totals`, `document_day_totals`, maintained by triggers in
 * the write's transaction) unless a filter needs the documents themselves.
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

  /**
   * One page in the keyset's order: the ids (per organisation, merged, when
   * no filter narrows by itself; else straight from the filter's index),
   * then their rows.
   */
  async page(tx: OrgTx, filters: DocumentFilters, orgIds: string[], keyset: Keyset, take: number): Promise<DocumentRow[]> {
    const orgs = scopedOrgs(filters, orgIds);
    if (orgs.length === 0) return [];
    const [column, dir] = keyset.sort.split('_') as [DocumentSortColumn, 'asc' | 'desc'];
    const conditions = andAll([...documentConditions(filters, orgs), ...(keyset.after ? [afterRow(SORT_COLUMN[column], dir, keyset.after)] : [])]);
    const order = orderBy(SORT_COLUMN[column], dir);
    const ids = narrowing(filters)
      ? await tx.$queryRaw<{ id: string }[]>`
          select d.id from documents d where d.organization_id = any(${orgs}::uuid[]) ${conditions}
           order by ${order} limit ${take}`
      : await tx.$queryRaw<{ id: string }[]>`
          select p.id from unnest(${orgs}::uuid[]) as o(id)
          cross join lateral (
            select d.id, ${Prisma.raw(`d.${SORT_COLUMN[column]}`)} from documents d
             where d.organization_id = o.id ${conditions}
             order by ${order} limit ${take}) as p
          order by ${orderBy(SORT_COLUMN[column], dir, 'p')} limit ${take}`;
    if (ids.length === 0) return [];
    const rows = await tx.document.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: documentSelect });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((r) => byId.get(r.id) ?? []);
  }

  /** Count and amount per distributor, type and currency of every document the filters match. */
  async totalsByDistributor(tx: OrgTx, filters: DocumentFilters, orgIds: string[]): Promise<TotalsGroup[]> {
    const orgs = scopedOrgs(filters, orgIds);
    if (orgs.length === 0) return [];
    const rows = !narrowing(filters)
      ? await tx.$queryRaw<RawGroup[]>`
          select k.organization_id as key, k.type, k.currency, sum(k.documents)::int as documents, sum(k.amount)::text as amount
            from (${keptTotals(filters, orgs)}) k
           group by 1, 2, 3 having sum(k.documents) > 0`
      : await tx.$queryRaw<RawGroup[]>`
          select d.organization_id as key, d.type, d.currency, count(*)::int as documents, sum(d.total)::text as amount
            from documents d
           where d.organization_id = any(${orgs}::uuid[]) ${andAll(documentConditions(filters, orgs))}
           group by 1, 2, 3`;
    return rows.map((r) => ({ organizationId: r.key, type: r.type, currency: r.currency, documents: r.documents, amount: r.amount }));
  }

  /** Count and amount per day or month, type and currency, oldest first. */
  async series(tx: OrgTx, filters: DocumentFilters, orgIds: string[], granularity: 'day' | 'month'): Promise<SeriesGroup[]> {
    const orgs = scopedOrgs(filters, orgIds);
    if (orgs.length === 0) return [];
    const rows =
      !narrowing(filters) && granularity === 'month'
        ? await tx.$queryRaw<RawSeries[]>`
            select k.period, k.type, k.currency, sum(k.documents)::int as documents, sum(k.amount)::text as amount
              from (${keptTotals(filters, orgs, true)}) k
             group by 1, 2, 3 having sum(k.documents) > 0 order by 1`
        : !narrowing(filters)
          ? await tx.$queryRaw<RawSeries[]>`
            select t.date as period, t.type, t.currency, sum(t.documents)::int as documents, sum(t.amount)::text as amount
              from document_day_totals t
             where t.organization_id = any(${orgs}::uuid[]) ${andAll(totalsConditions(filters, 't.date'))}
             group by 1, 2, 3 having sum(t.documents) > 0 order by 1`
          : await tx.$queryRaw<RawSeries[]>`
            select ${granularity === 'month' ? Prisma.sql`date_trunc('month', d.date)::date` : Prisma.sql`d.date`} as period, d.type, d.currency,
                   count(*)::int as documents, sum(d.total)::text as amount
              from documents d
           where d.organization_id = any(${orgs}::uuid[]) ${andAll(documentConditions(filters, orgs))}
             group by 1, 2, 3 order by 1`;
    return rows;
  }

  linesFor(tx: OrgTx, documentIds: string[]) {
    return tx.documentLine.findMany({ where: { documentId: { in: documentIds } }, orderBy: [{ documentId: 'asc' }, { lineNo: 'asc' }] });
  }

  detail(tx: OrgTx, id: string) {
    return tx.document.findUnique({ where: { id }, select: { ...documentSelect, lines: { orderBy: { lineNo: 'asc' } } } });
  }
}

type RawGroup = { key: string; type: DocumentType; currency: string; documents: number; amount: string };
type RawSeries = SeriesGroup;

/** The organisations to read: the visible ones, narrowed to one distributor when the filter names it. */
function scopedOrgs(f: DocumentFilters, orgIds: string[]): string[] {
  return f.distributorId ? orgIds.filter((id) => id === f.distributorId) : orgIds;
}

function andAll(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`and ${Prisma.join(conditions, ' and ')}`;
}

/** `ILIKE` pattern for "contains this text": the text's own `%`, `_` and `\` match themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The filters as conditions on `documents d`; the organisations are named by
 * the caller. With the product filter, the ids of the documents with a line
 * of the product come first, from the lines' (organisation, product) index,
 * then the documents by primary key: as a join or `id in (…)` the planner,
 * misjudging how many documents match, hashed every visible document instead
 * (1.3 s for a principal at 5 million lines).
 */
function documentConditions(f: DocumentFilters, orgs: string[]): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (f.type) and.push(Prisma.sql`d.type = ${f.type}::"DocumentType"`);
  if (f.types) and.push(Prisma.sql`d.type = any(${f.types}::"DocumentType"[])`);
  if (f.number) and.push(Prisma.sql`d.number ilike ${containsPattern(f.number)}`);
  if (f.from) and.push(Prisma.sql`d.date >= ${f.from}::date`);
  if (f.to) and.push(Prisma.sql`d.date <= ${f.to}::date`);
  if (f.party) and.push(Prisma.sql`(d.party_code = ${f.party} or d.party_name ilike ${containsPattern(f.party)})`);
  if (f.integrationId) and.push(Prisma.sql`d.integration_id = ${f.integrationId}::uuid`);
  if (f.product)
    and.push(Prisma.sql`d.id = any(array(select distinct l.document_id from document_lines l
                                          where l.organization_id = any(${orgs}::uuid[]) and l.product_code = ${f.product}))`);
  if (f.salesman) and.push(Prisma.sql`d.salesman_code = ${f.salesman}`);
  // The insight drill-down's SKU (docs/product/master-data.md): lines whose (distributor, product code) the
  // caller's product mappings name for it. Row-level security shows a principal only its own mappings (a
  // distributor none, so it finds nothing) and only its connected distributors' lines; the organisations
  // named here keep the lines' (organisation, product) index in use.
  if (f.skuId)
    and.push(Prisma.sql`d.id = any(array(select distinct l.document_id from product_mappings m
                                          join document_lines l on l.organization_id = m.distributor_id and l.product_code = m.product_code
                                          where m.sku_id = ${f.skuId}::uuid and m.distributor_id = any(${orgs}::uuid[])))`);
  // A city is the customer's, from the distributor's own master data (same organisation and code), read
  // under the same row-level security as the customers screen.
  if (f.city)
    and.push(Prisma.sql`(d.organization_id, d.party_code) in (select c.organization_id, c.code from customers c
                                                              where c.organization_id = any(${orgs}::uuid[]) and lower(c.city) = lower(${f.city}))`);
  return and;
}

/** Type, integration and (on `dateColumn`; none for the all-time totals) date range as conditions on a totals table `t`. */
function totalsConditions(
  f: DocumentFilters,
  dateColumn: string | null,
  range: { from?: string; before?: string } = { ...f, ...(f.to ? { before: dayAfter(f.to) } : {}) },
): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (f.type) and.push(Prisma.sql`t.type = ${f.type}::"DocumentType"`);
  if (f.types) and.push(Prisma.sql`t.type = any(${f.types}::"DocumentType"[])`);
  if (f.integrationId) and.push(Prisma.sql`t.integration_id = ${f.integrationId}::uuid`);
  if (range.from && dateColumn) and.push(Prisma.sql`${Prisma.raw(dateColumn)} >= ${range.from}::date`);
  if (range.before && dateColumn) and.push(Prisma.sql`${Prisma.raw(dateColumn)} < ${range.before}::date`);
  return and;
}

/**
 * The kept totals of a date range, as rows (organization_id, [period,] type,
 * currency, documents, amount): without a range and a period, the all-time
 * totals; else whole months from the month totals and the days at either end
 * that do not fill a month from the day totals. `period` is the month either
 * way (what the monthly chart groups by).
 */
function keptTotals(f: DocumentFilters, orgs: string[], withPeriod = false): Prisma.Sql {
  if (!withPeriod && !f.from && !f.to)
    return Prisma.sql`select t.organization_id, t.type, t.currency, t.documents, t.amount from document_totals t
                      where t.organization_id = any(${orgs}::uuid[]) ${andAll(totalsConditions(f, null))}`;
  const from = f.from;
  const before = f.to ? dayAfter(f.to) : undefined;
  // Whole months lie in [monthsFrom, monthsBefore): the first month start on or after `from`, the last at or before `before`.
  const monthsFrom = from ? (from.endsWith('-01') ? from : nextMonthStart(from)) : undefined;
  const monthsBefore = before ? `${before.slice(0, 7)}-01` : undefined;
  const noWholeMonth = monthsFrom !== undefined && monthsBefore !== undefined && monthsFrom >= monthsBefore;
  const cols = (period: Prisma.Sql) =>
    Prisma.sql`t.organization_id, ${withPeriod ? Prisma.sql`${period} as period,` : Prisma.empty} t.type, t.currency, t.documents, t.amount`;
  const days = (range: { from?: string; before?: string }) =>
    Prisma.sql`select ${cols(Prisma.sql`date_trunc('month', t.date)::date`)} from document_day_totals t
               where t.organization_id = any(${orgs}::uuid[]) ${andAll(totalsConditions(f, 't.date', range))}`;
  if (noWholeMonth) return days({ ...(from ? { from } : {}), ...(before ? { before } : {}) });
  const parts = [
    Prisma.sql`select ${cols(Prisma.sql`t.month`)} from document_month_totals t
               where t.organization_id = any(${orgs}::uuid[])
               ${andAll(totalsConditions(f, 't.month', { ...(monthsFrom ? { from: monthsFrom } : {}), ...(monthsBefore ? { before: monthsBefore } : {}) }))}`,
  ];
  if (from && monthsFrom && from < monthsFrom) parts.push(days({ from, before: monthsFrom }));
  if (before && monthsBefore && monthsBefore < before) parts.push(days({ from: monthsBefore, before }));
  return Prisma.join(parts, ' union all ');
}

function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function nextMonthStart(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** `column dir, id dir`; missing party names last in both directions. */
function orderBy(column: (typeof SORT_COLUMN)[DocumentSortColumn], dir: 'asc' | 'desc', alias = 'd'): Prisma.Sql {
  const nulls = column === 'party_name' ? ' nulls last' : '';
  return Prisma.raw(`${alias}.${column} ${dir}${nulls}, ${alias}.id ${dir}`);
}

/**
 * The rows after the cursor's row in (column, id) order. Missing party names
 * sort last in both directions, so after a named row every unnamed one still
 * follows, and after an unnamed row only unnamed ones with a later id.
 */
function afterRow(column: (typeof SORT_COLUMN)[DocumentSortColumn], dir: 'asc' | 'desc', after: NonNullable<Keyset['after']>): Prisma.Sql {
  const cmp = Prisma.raw(dir === 'desc' ? '<' : '>');
  const col = Prisma.raw(`d.${column}`);
  const id = Prisma.sql`${after.id}::uuid`;
  if (after.value === null) return Prisma.sql`(${col} is null and d.id ${cmp} ${id})`;
  const value =
    column === 'date'
      ? Prisma.sql`${(after.value instanceof Date ? after.value.toISOString() : after.value).slice(0, 10)}::date`
      : column === 'total'
        ? Prisma.sql`${after.value}::numeric`
        : Prisma.sql`${after.value}`;
  const tail = column === 'party_name' ? Prisma.sql` or ${col} is null` : Prisma.empty;
  return Prisma.sql`((${col}, d.id) ${cmp} (${value}, ${id})${tail})`;
}
