import { Injectable } from '@nestjs/common';
import type {
  CanonicalCustomer,
  CanonicalProduct,
  CustomerItem,
  MasterDataKind,
  MasterDataQuery,
  MasterDataSummary,
  ProductItem,
  UnitConversion,
} from '@portal/contracts';
import { type MasterDataTarget, type OrgTx, TenantDb, writeCustomers, writeProducts } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { decodeSortCursor, encodeSortCursor } from '../../common/keyset-cursor';
import { DocumentsService } from '../documents/documents.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { type CustomerRow, type MasterDataFilters, MasterDataRepository, type ProductRow } from './master-data.repository';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The keyset's one sort: by code, then id (docs/product/master-data.md). */
const SORT = 'code';

/**
 * Customers and products (docs/product/master-data.md): what External
 * integrations push or import (stored here, the module owning the tables) and
 * the read API. Who sees what is row-level security's (`connection_scope`);
 * reads only ever narrow it, to the organisations the caller reads (as the
 * documents list does) and the filters.
 */
@Injectable()
export class MasterDataService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: MasterDataRepository,
    private readonly documents: DocumentsService,
    private readonly integrations: IntegrationsService,
    private readonly organizations: OrganizationsService,
  ) {}

  customers(tenant: Tenant, q: MasterDataQuery): Promise<Page<CustomerItem>> {
    return this.page(tenant, q, (tx, f, take) => this.repo.customersPage(tx, f, take), customerOut);
  }

  products(tenant: Tenant, q: MasterDataQuery): Promise<Page<ProductItem>> {
    return this.page(tenant, q, (tx, f, take) => this.repo.productsPage(tx, f, take), productOut);
  }

  /** Every integration the caller may name, with its customers and products as far as the caller may see them. */
  async summary(tenant: Tenant): Promise<MasterDataSummary> {
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      const orgIds = await this.documents.visibleOrganizations(tx, tenant);
      const integrations = (await this.integrations.visibleIntegrations(tx)).filter((i) => orgIds.includes(i.organizationId));
      const [customers, products] = await Promise.all([this.repo.customerCounts(tx, orgIds), this.repo.productCounts(tx, orgIds)]);
      const names = await this.organizations.namesOf(tx, [...new Set(integrations.map((i) => i.organizationId))]);
      const data = integrations.map((i) => {
        const c = customers.find((r) => r.integrationId === i.id);
        const p = products.find((r) => r.integrationId === i.id);
        const last = [c?.lastUpdatedAt, p?.lastUpdatedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
        return {
          integration: { id: i.id, name: i.name, kind: i.kind },
          distributor: { id: i.organizationId, name: names.get(i.organizationId) ?? '' },
          customers: c?.count ?? 0,
          products: p?.count ?? 0,
          lastUpdatedAt: last?.toISOString() ?? null,
        };
      });
      data.sort((a, b) => a.distributor.name.localeCompare(b.distributor.name) || a.integration.name.localeCompare(b.integration.name));
      return { data };
    });
  }

  /**
   * Stores pushed customers (ingestion, import) in the caller's transaction.
   * A record identical to its stored version is left alone (sending it again
   * changes nothing), as is one older than the stored one; any other replaces
   * it, even with an unchanged `sourceUpdatedAt`.
   */
  async storeCustomers(tx: OrgTx, target: MasterDataTarget, records: CanonicalCustomer[]): Promise<{ written: number; unchanged: number }> {
    if (records.length === 0) return { written: 0, unchanged: 0 };
    const stored = await this.repo.storedCustomers(
      tx,
      target.integrationId,
      records.map((r) => r.sourceId),
    );
    const changed = changedOnly(records, stored, customerFingerprint);
    const written = await writeCustomers(tx, target, changed, { sameVersionReplaces: true });
    return { written, unchanged: records.length - written };
  }

  async storeProducts(tx: OrgTx, target: MasterDataTarget, records: CanonicalProduct[]): Promise<{ written: number; unchanged: number }> {
    if (records.length === 0) return { written: 0, unchanged: 0 };
    const stored = await this.repo.storedProducts(
      tx,
      target.integrationId,
      records.map((r) => r.sourceId),
    );
    const changed = changedOnly(records, stored, productFingerprint);
    const written = await writeProducts(tx, target, changed, { sameVersionReplaces: true });
    return { written, unchanged: records.length - written };
  }

  /** The kind's store, for callers that hold the kind as a value (every record of that kind). */
  store(tx: OrgTx, target: MasterDataTarget, kind: MasterDataKind, records: (CanonicalCustomer | CanonicalProduct)[]) {
    return kind === 'CUSTOMER'
      ? this.storeCustomers(tx, target, records as CanonicalCustomer[])
      : this.storeProducts(tx, target, records as CanonicalProduct[]);
  }

  private async page<R extends CustomerRow | ProductRow, T>(
    tenant: Tenant,
    q: MasterDataQuery,
    read: (tx: OrgTx, f: MasterDataFilters, take: number) => Promise<R[]>,
    out: (row: R, names: Names) => T,
  ): Promise<Page<T>> {
    const after = q.cursor ? codeCursor(q.cursor) : undefined;
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      const visible = await this.documents.visibleOrganizations(tx, tenant);
      const orgIds = q.distributorId ? visible.filter((id) => id === q.distributorId) : visible;
      if (orgIds.length === 0) return { data: [], nextCursor: null };
      const rows = await read(tx, { orgIds, integrationId: q.integrationId, q: q.q, after }, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const names: Names = {
        organizations: await this.organizations.namesOf(tx, [...new Set(page.map((r) => r.organizationId))]),
        integrations: new Map((await this.integrations.visibleIntegrations(tx)).map((i) => [i.id, i.name])),
      };
      const last = page.at(-1);
      return { data: page.map((r) => out(r, names)), nextCursor: rows.length > q.limit && last ? encodeSortCursor(SORT, last.code, last.id) : null };
    });
  }
}

interface Names {
  organizations: Map<string, string>;
  integrations: Map<string, string>;
}

function codeCursor(cursor: string): { code: string; id: string } {
  const { value, id } = decodeSortCursor(cursor, SORT, 'text');
  // Codes are never null: a cursor claiming one is not ours.
  return { code: typeof value === 'string' ? value : '', id };
}

function base(r: CustomerRow | ProductRow, names: Names) {
  return {
    id: r.id,
    distributor: { id: r.organizationId, name: names.organizations.get(r.organizationId) ?? '' },
    integration: { id: r.integrationId, name: names.integrations.get(r.integrationId) ?? null },
    sourceId: r.sourceId,
    code: r.code,
    name: r.name,
    sourceUpdatedAt: r.sourceUpdatedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const customerOut = (r: CustomerRow, names: Names): CustomerItem => ({
  ...base(r, names),
  address: r.address,
  city: r.city,
  salesmanCode: r.salesmanCode,
  outletType: r.outletType,
});

const productOut = (r: ProductRow, names: Names): ProductItem => ({
  ...base(r, names),
  baseUnit: r.baseUnit,
  conversions: conversionsOf(r.conversions),
  brand: r.brand,
  category: r.category,
  barcode: r.barcode,
});

/** The stored JSON as the contract's conversions (the writer stored the contract's shape). */
function conversionsOf(v: unknown): UnitConversion[] {
  return Array.isArray(v) ? v.filter((c): c is UnitConversion => typeof c?.unit === 'string' && typeof c?.factor === 'string') : [];
}

/** "48", "48.0" and "048" are the same factor. */
function canonicalDecimal(v: string): string {
  const [int = '', frac = ''] = v.split('.');
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

const customerFingerprint = (c: Omit<CanonicalCustomer, 'sourceId' | 'sourceUpdatedAt'>) =>
  JSON.stringify([c.code, c.name, c.address, c.city, c.salesmanCode, c.outletType]);

const productFingerprint = (p: Omit<CanonicalProduct, 'sourceId' | 'sourceUpdatedAt' | 'conversions'> & { conversions: unknown }) =>
  JSON.stringify([p.code, p.name, p.baseUnit, conversionsOf(p.conversions).map((c) => [c.unit, canonicalDecimal(c.factor)]), p.brand, p.category, p.barcode]);

/** The records that change something: new ones, and changed ones not older than their stored version. */
function changedOnly<R extends { sourceId: string; sourceUpdatedAt: string }, S extends { sourceId: string; sourceUpdatedAt: Date }>(
  records: R[],
  stored: S[],
  fingerprint: (r: R | S) => string,
): R[] {
  const bySource = new Map(stored.map((s) => [s.sourceId, s]));
  return records.filter((r) => {
    const s = bySource.get(r.sourceId);
    if (!s) return true;
    if (Date.parse(r.sourceUpdatedAt) < s.sourceUpdatedAt.getTime()) return false;
    return fingerprint(r) !== fingerprint(s);
  });
}
