import { Injectable } from '@nestjs/common';
import {
  canonicalDocument,
  canonicalLine,
  compareCurrencies,
  type CanonicalDocument,
  type DocumentDetail,
  type DocumentFilters,
  type DocumentList,
  type DocumentSeries,
  type DocumentSort,
  type DocumentsQuery,
  documentType,
  type DocumentType,
  EXTERNAL_TEMPLATE_VERSION,
} from '@portal/contracts';
import { type OrgTx, TenantDb, writeDocuments } from '@portal/db';
import { AppError } from '../../common/app-error';
import { decodeSortCursor, encodeSortCursor } from '../../common/keyset-cursor';
import type { Tenant } from '../../common/auth.decorators';
import { ConnectionsService } from '../connections/connections.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { dec, isoDay } from './document-format';
import { lineOut, toSummary } from './document-shape';
import { type DocumentRow, DocumentsRepository, type Keyset, type TotalsGroup } from './documents.repository';

@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: DocumentsRepository,
    private readonly organizations: OrganizationsService,
    private readonly connections: ConnectionsService,
  ) {}

  /**
   * Stores documents pushed by an External integration (API or file import)
   * inside the caller's transaction, through the same set-based writer as
   * consolidation. A document identical to its stored version is left alone
   * (re-posting changes nothing), as is one whose `sourceUpdatedAt` is older
   * than the stored one; any other changed document replaces the stored one
   * and its lines, even with an unchanged `sourceUpdatedAt`.
   */
  async ingest(
    tx: OrgTx,
    ctx: { organizationId: string; integrationId: string; type: DocumentType },
    docs: CanonicalDocument[],
  ): Promise<{ written: number; unchanged: number }> {
    if (docs.length === 0) return { written: 0, unchanged: 0 };
    const stored = await this.repo.findForIngest(
      tx,
      ctx.integrationId,
      ctx.type,
      docs.map((d) => d.sourceId),
    );
    const storedBySource = new Map(stored.map((s) => [s.sourceId, s]));
    const changed = docs.filter((d) => {
      const s = storedBySource.get(d.sourceId);
      if (!s) return true;
      if (Date.parse(d.sourceUpdatedAt) < s.sourceUpdatedAt.getTime()) return false;
      return fingerprint(d) !== fingerprint(storedAsCanonical(s));
    });
    const written = await writeDocuments(tx, { ...ctx, templateVersion: EXTERNAL_TEMPLATE_VERSION }, changed, { sameVersionReplaces: true });
    return { written, unchanged: docs.length - written };
  }

  async list(tenant: Tenant, q: DocumentsQuery): Promise<DocumentList> {
    const keyset = this.keyset(q);
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      const orgIds = await this.visibleOrganizations(tx, tenant);
      const rows = await this.repo.page(tx, q, orgIds, keyset, q.limit + 1);
      const page = rows.slice(0, q.limit);
      // One aggregate (per distributor, type and currency) gives the count and the amounts (no second scan for `total`).
      const groups = await this.repo.totalsByDistributor(tx, q, orgIds);
      const names = await this.organizations.namesOf(tx, [...new Set([...page.map((r) => r.organizationId), ...groups.map((g) => g.organizationId)])]);
      const last = page.at(-1);
      const all = sumByTypeAndCurrency(groups);
      return {
        data: page.map((r) => toSummary(r, names)),
        nextCursor: rows.length > q.limit && last ? this.cursorOf(last, q.sort) : null,
        total: all.documents,
        totals: {
          ...all,
          byDistributor: [...new Set(groups.map((g) => g.organizationId))]
            .map((id) => ({ id, name: names.get(id) ?? '', ...sumByTypeAndCurrency(groups.filter((g) => g.organizationId === id)) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        },
      };
    });
  }

  async get(tenant: Tenant, id: string): Promise<DocumentDetail> {
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      const row = await this.repo.detail(tx, id);
      if (!row) throw AppError.notFound('Document');
      const names = await this.organizations.namesOf(tx, [row.organizationId]);
      return {
        ...toSummary(row, names),
        lines: row.lines.map(lineOut),
      };
    });
  }

  /** Amounts over time, per type and currency, per day or month. */
  async series(tenant: Tenant, q: DocumentFilters & { granularity: 'day' | 'month' }): Promise<DocumentSeries> {
    const rows = await this.db.readAsOrg(tenant.organization.id, async (tx) =>
      this.repo.series(tx, q, await this.visibleOrganizations(tx, tenant), q.granularity),
    );
    return { data: rows.map((r) => ({ period: isoDay(r.period), type: r.type, currency: r.currency, documents: r.documents, amount: r.amount })) };
  }

  /**
   * The organisations whose documents the caller reads: its own, or for a
   * principal its CONNECTED distributors (RLS enforces the consented types).
   * The export reads through the same scope.
   */
  async visibleOrganizations(tx: OrgTx, tenant: Tenant): Promise<string[]> {
    if (tenant.organization.kind !== 'PRINCIPAL') return [tenant.organization.id];
    return this.connections.connectedDistributorIds(tx, tenant.organization.id);
  }

  /**
   * The cursor names its sort, the last row's value in that sort's column and
   * its id; a cursor of another sort (or not ours at all) is a 400.
   */
  private keyset(q: DocumentsQuery): Keyset {
    if (!q.cursor) return { sort: q.sort };
    const kind = q.sort.startsWith('date') ? 'instant' : q.sort.startsWith('total') ? 'amount' : 'text';
    return { sort: q.sort, after: decodeSortCursor(q.cursor, q.sort, kind) };
  }

  private cursorOf(r: DocumentRow, sort: DocumentSort) {
    const value = sort.startsWith('date') ? r.date.toISOString() : sort.startsWith('number') ? r.number : sort.startsWith('party') ? r.partyName : dec(r.total);
    return encodeSortCursor(sort, value, r.id);
  }
}

/** Exact money arithmetic: "1234.50" → 123450n. */
function toCents(fixed2: string): bigint {
  return BigInt(fixed2.replace('.', ''));
}

function centsToString(cents: bigint): string {
  const neg = cents < 0n;
  const abs = (neg ? -cents : cents).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

type StoredForIngest = Awaited<ReturnType<DocumentsRepository['findForIngest']>>[number];

function storedAsCanonical(s: StoredForIngest): CanonicalDocument {
  return {
    sourceId: s.sourceId,
    sourceUpdatedAt: s.sourceUpdatedAt.toISOString(),
    number: s.number,
    date: isoDay(s.date),
    partyCode: s.partyCode,
    partyName: s.partyName,
    salesmanCode: s.salesmanCode,
    currency: s.currency,
    subtotal: dec(s.subtotal),
    discount: dec(s.discount),
    tax: dec(s.tax),
    total: dec(s.total),
    status: s.status,
    lines: s.lines.map(lineOut),
  };
}

/** "12.50", "12.5" and "0012.500" are the same stored value. */
function canonicalDecimal(v: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(v);
  if (!m) return v;
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const abs = frac ? `${int}.${frac}` : int;
  return abs === '0' ? '0' : `${m[1]}${abs}`;
}

// The fingerprint walks the contract's own field list, so a field added to
// the canonical document is compared without anyone remembering to list it.
const DECIMAL_FIELDS = new Set(['subtotal', 'discount', 'tax', 'total', 'quantity', 'quantityBase', 'unitPrice', 'amount']);
const HEADER_FIELDS = Object.keys(canonicalDocument.shape).filter((f) => f !== 'sourceId' && f !== 'sourceUpdatedAt' && f !== 'lines');
const LINE_FIELDS = Object.keys(canonicalLine.shape);

function comparable(record: object, fields: string[]): unknown[] {
  const values = record as Record<string, unknown>;
  return fields.map((f) => (DECIMAL_FIELDS.has(f) && typeof values[f] === 'string' ? canonicalDecimal(values[f]) : values[f]));
}

/** Everything a document stores except its source id and version stamp, in a comparable form. */
function fingerprint(d: CanonicalDocument): string {
  const lines = [...d.lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => comparable(l, LINE_FIELDS));
  return JSON.stringify([comparable(d, HEADER_FIELDS), lines]);
}

/** Count and amount of some groups: callers pass groups of one currency only. */
function sumOf(groups: TotalsGroup[]) {
  return {
    documents: groups.reduce((n, g) => n + g.documents, 0),
    amount: centsToString(groups.reduce((sum, g) => sum + toCents(g.amount), 0n)),
  };
}

/**
 * Count and amounts of some (distributor, type, currency) groups: the count
 * in all, the amounts per type and currency (types in the contracts' order)
 * and per currency, never across currencies.
 */
function sumByTypeAndCurrency(groups: TotalsGroup[]) {
  const currencies = [...new Set(groups.map((g) => g.currency))].sort(compareCurrencies);
  const byType = documentType.options.flatMap((type) =>
    currencies.flatMap((currency) => {
      const of = groups.filter((g) => g.type === type && g.currency === currency);
      return of.length === 0 ? [] : [{ type, currency, ...sumOf(of) }];
    }),
  );
  const byCurrency = currencies.map((currency) => ({ currency, ...sumOf(groups.filter((g) => g.currency === currency)) }));
  return { documents: byCurrency.reduce((n, c) => n + c.documents, 0), byType, byCurrency };
}
