import { Injectable } from '@nestjs/common';
import type { OrgTx, Prisma } from '@portal/db';

const skuSelect = {
  id: true,
  code: true,
  name: true,
  brand: true,
  category: true,
  baseUnit: true,
  conversions: true,
  barcode: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.PrincipalSkuSelect;

export type SkuRow = Prisma.PrincipalSkuGetPayload<{ select: typeof skuSelect }>;

export interface SkuData {
  code: string;
  name: string;
  brand: string | null;
  category: string | null;
  baseUnit: string;
  conversions: Prisma.InputJsonArray;
  barcode: string | null;
}

/** Prisma access for the principal's SKU catalogue (`principal_skus`). No rules here. */
@Injectable()
export class CatalogueRepository {
  /** One keyset page by (code, id), `take` rows. */
  page(
    tx: OrgTx,
    organizationId: string,
    filter: { q?: string | undefined; brand?: string | undefined; category?: string | undefined },
    after: { code: string; id: string } | null,
    take: number,
  ) {
    const and: Prisma.PrincipalSkuWhereInput[] = [{ organizationId }];
    if (filter.brand !== undefined) and.push({ brand: filter.brand });
    if (filter.category !== undefined) and.push({ category: filter.category });
    if (filter.q !== undefined)
      and.push({ OR: [{ code: { contains: filter.q, mode: 'insensitive' } }, { name: { contains: filter.q, mode: 'insensitive' } }] });
    if (after) and.push({ OR: [{ code: { gt: after.code } }, { code: after.code, id: { gt: after.id } }] });
    const where: Prisma.PrincipalSkuWhereInput = { AND: and };
    return tx.principalSku.findMany({ where, orderBy: [{ code: 'asc' }, { id: 'asc' }], take, select: skuSelect });
  }

  find(tx: OrgTx, id: string) {
    return tx.principalSku.findUnique({ where: { id }, select: skuSelect });
  }

  findByCodes(tx: OrgTx, organizationId: string, codes: string[]) {
    return tx.principalSku.findMany({ where: { organizationId, code: { in: codes } }, select: skuSelect });
  }

  create(tx: OrgTx, organizationId: string, data: SkuData) {
    return tx.principalSku.create({ data: { organizationId, ...data }, select: skuSelect });
  }

  createMany(tx: OrgTx, organizationId: string, rows: SkuData[]) {
    return tx.principalSku.createMany({ data: rows.map((r) => ({ organizationId, ...r })) });
  }

  update(tx: OrgTx, id: string, data: Partial<SkuData>) {
    return tx.principalSku.update({ where: { id }, data, select: skuSelect });
  }

  delete(tx: OrgTx, id: string) {
    return tx.principalSku.deleteMany({ where: { id } });
  }

  async facets(tx: OrgTx, organizationId: string) {
    const brands = await tx.principalSku.groupBy({
      by: ['brand'],
      where: { organizationId, brand: { not: null } },
      _count: { _all: true },
      orderBy: { brand: 'asc' },
    });
    const categories = await tx.principalSku.groupBy({
      by: ['category'],
      where: { organizationId, category: { not: null } },
      _count: { _all: true },
      orderBy: { category: 'asc' },
    });
    return {
      brands: brands.map((b) => ({ value: b.brand!, count: b._count._all })),
      categories: categories.map((c) => ({ value: c.category!, count: c._count._all })),
    };
  }
}
