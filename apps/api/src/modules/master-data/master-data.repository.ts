import { Injectable } from '@nestjs/common';
import type { OrgTx, Prisma } from '@portal/db';

/** A page's filters, with the organisations to read already decided by the service. */
export interface MasterDataFilters {
  orgIds: string[];
  integrationId?: string | undefined;
  q?: string | undefined;
  /** The last row of the previous page (keyset on code, then id). */
  after?: { code: string; id: string } | undefined;
}

/** What a list reads of a row beside its own fields. */
const rowBase = {
  id: true,
  organizationId: true,
  integrationId: true,
  sourceId: true,
  code: true,
  name: true,
  sourceUpdatedAt: true,
  updatedAt: true,
} as const;
const customerSelect = { ...rowBase, address: true, city: true, salesmanCode: true, outletType: true } as const satisfies Prisma.CustomerSelect;
const productSelect = { ...rowBase, baseUnit: true, conversions: true, brand: true, category: true, barcode: true } as const satisfies Prisma.ProductSelect;
export type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;
export type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/** Count and newest change of one integration's customers or products. */
export interface MasterDataCount {
  integrationId: string;
  organizationId: string;
  count: number;
  lastUpdatedAt: Date | null;
}

/**
 * Customers and products. Row-level security decides which rows a caller may
 * see (a principal's through `connection_scope`); every query also names the
 * organisations it reads, so the organisation indexes are used. No rules here.
 */
@Injectable()
export class MasterDataRepository {
  customersPage(tx: OrgTx, f: MasterDataFilters, take: number): Promise<CustomerRow[]> {
    return tx.customer.findMany({ where: where(f), orderBy: [{ code: 'asc' }, { id: 'asc' }], take, select: customerSelect });
  }

  productsPage(tx: OrgTx, f: MasterDataFilters, take: number): Promise<ProductRow[]> {
    return tx.product.findMany({ where: where(f), orderBy: [{ code: 'asc' }, { id: 'asc' }], take, select: productSelect });
  }

  /** The stored versions of some customers of one integration (a push compares against them). */
  storedCustomers(tx: OrgTx, integrationId: string, sourceIds: string[]) {
    return tx.customer.findMany({ where: { integrationId, sourceId: { in: sourceIds } }, select: { ...customerSelect } });
  }

  storedProducts(tx: OrgTx, integrationId: string, sourceIds: string[]) {
    return tx.product.findMany({ where: { integrationId, sourceId: { in: sourceIds } }, select: { ...productSelect } });
  }

  async customerCounts(tx: OrgTx, orgIds: string[]): Promise<MasterDataCount[]> {
    const rows = await tx.customer.groupBy({
      by: ['organizationId', 'integrationId'],
      where: { organizationId: { in: orgIds } },
      _count: { _all: true },
      _max: { updatedAt: true },
    });
    return rows.map((r) => ({ organizationId: r.organizationId, integrationId: r.integrationId, count: r._count._all, lastUpdatedAt: r._max.updatedAt }));
  }

  async productCounts(tx: OrgTx, orgIds: string[]): Promise<MasterDataCount[]> {
    const rows = await tx.product.groupBy({
      by: ['organizationId', 'integrationId'],
      where: { organizationId: { in: orgIds } },
      _count: { _all: true },
      _max: { updatedAt: true },
    });
    return rows.map((r) => ({ organizationId: r.organizationId, integrationId: r.integrationId, count: r._count._all, lastUpdatedAt: r._max.updatedAt }));
  }
}

function where(f: MasterDataFilters) {
  return {
    organizationId: { in: f.orgIds },
    ...(f.integrationId ? { integrationId: f.integrationId } : {}),
    AND: [
      ...(f.q ? [{ OR: [{ code: { contains: f.q, mode: 'insensitive' as const } }, { name: { contains: f.q, mode: 'insensitive' as const } }] }] : []),
      ...(f.after ? [{ OR: [{ code: { gt: f.after.code } }, { code: f.after.code, id: { gt: f.after.id } }] }] : []),
    ],
  };
}
