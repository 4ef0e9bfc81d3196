import { Injectable } from '@nestjs/common';
import { compareCurrencies, type InsightTop, type InsightTopQuery } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Tenant } from '../../common/auth.decorators';
import { OrganizationsService } from '../organizations/organizations.service';
import { INSIGHT_PLANNER, InsightScopeService, sourceFor } from './insight-scope.service';
import { filtersSkus, type InsightScope } from './insight-sql';
import { dimensionReadsProducts, dimensionReadsSkus, InsightRepository, type TopRow } from './insight.repository';

/**
 * `GET /api/insight/top`: the largest rows per currency of one dimension over
 * whole months, each labelled (SKU code and name, product name, brand,
 * category, distributor name, city, customer name, salesman code) with its
 * share of the currency's total. Rows with nothing to group by (an unmapped
 * product, a customer without a city, a line without a salesman) are one row
 * with a null key, so the totals add up.
 */
@Injectable()
export class InsightTopService {
  constructor(
    private readonly db: TenantDb,
    private readonly scopes: InsightScopeService,
    private readonly repo: InsightRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  async top(tenant: Tenant, q: InsightTopQuery): Promise<InsightTop> {
    // A distributor ranks its own products: SKUs are a principal's (docs/product/master-data.md).
    if (q.by === 'sku' && tenant.organization.kind !== 'PRINCIPAL') {
      throw new AppError(400, 'VALIDATION_FAILED', 'A distributor ranks its own products (by=product), not SKUs', [
        { path: 'query.by', code: 'custom', message: 'by=sku is for principals' },
      ]);
    }
    this.scopes.checkRange(q);
    const r = this.scopes.monthRanges(q);
    return this.db.readAsOrg(
      tenant.organization.id,
      async (tx) => {
        const s = await this.scopes.scope(tx, tenant, q);
        if (s.orgIds.length === 0) return { by: q.by, rows: [] };
        const products = dimensionReadsProducts(q.by);
        const source = sourceFor(s, {
          products,
          customers: !products,
          productCodes: products && !dimensionReadsSkus(q.by),
          distributors: q.by === 'distributor',
          ...(q.by === 'salesman' || q.by === 'city' ? { by: q.by } : {}),
        });
        const range = { from: r.from, to: r.to, limit: q.limit };
        const rows =
          source === 'sku_months' && q.by === 'distributor' && !filtersSkus(s)
            ? await this.repo.topDistributors(tx, s, range)
            : await this.repo.top(tx, s, source, { ...range, by: q.by });
        return { by: q.by, rows: (await this.labelled(tx, s, q, rows)).sort((a, b) => compareCurrencies(a.currency, b.currency)) };
      },
      { planner: INSIGHT_PLANNER },
    );
  }

  /**
   * Labels the SQL leaves to others: distributor names (the distributor
   * dimension's rows and the distributor a principal's product, customer or
   * salesman row belongs to), and product names from the newest line where no
   * master data names them.
   */
  private async labelled(tx: OrgTx, s: InsightScope, q: InsightTopQuery, rows: TopRow[]): Promise<InsightTop['rows']> {
    const ids = new Set(rows.flatMap((r) => [r.distributorId, q.by === 'distributor' ? r.key : null]).filter((id): id is string => id !== null));
    const names = ids.size > 0 ? await this.organizations.namesOf(tx, [...ids]) : new Map<string, string>();
    const unnamed = q.by === 'product' ? [...new Set(rows.flatMap((r) => (r.key && !r.label ? [r.key] : [])))] : [];
    const productNames = await this.repo.lineProductNames(tx, s.orgIds, unnamed);
    return rows.map((r) => ({
      ...r,
      label: q.by === 'distributor' ? (r.key ? (names.get(r.key) ?? null) : null) : r.key && !r.label ? (productNames.get(r.key) ?? null) : r.label,
      distributorName: r.distributorId ? (names.get(r.distributorId) ?? null) : null,
    }));
  }
}
