import { Injectable } from '@nestjs/common';
import { type DocumentType, INSIGHT_MAX_RANGE_DAYS, INSIGHT_MEASURE_TYPES, type InsightFilters, type InsightGranularity } from '@portal/contracts';
import type { OrgTx, PlannerSettings } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Tenant } from '../../common/auth.decorators';
import { DocumentsService } from '../documents/documents.service';
import { filtersSkus, type InsightScope, type InsightSource } from './insight-sql';
import type { InsightRanges } from './insight.repository';

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);

/**
 * The rules every insight figure shares (docs/product/master-data.md,
 * "Insight (built)"): which ranges are accepted and how they are rounded,
 * whose data the caller reads, and which kept sum answers which filters.
 */
@Injectable()
export class InsightScopeService {
  constructor(private readonly documents: DocumentsService) {}

  /**
   * Refuses `to` before `from` and a range longer than the granularity
   * allows (the requested days, INSIGHT_MAX_RANGE_DAYS; tiles and top-N use
   * the month's bound), before any query.
   */
  checkRange(f: InsightFilters, granularity: InsightGranularity = 'month'): void {
    if (f.to < f.from) {
      throw new AppError(400, 'VALIDATION_FAILED', '`to` is before `from`', [{ path: 'query.to', code: 'custom', message: '`to` is before `from`' }]);
    }
    const days = (utc(f.to).getTime() - utc(f.from).getTime()) / DAY_MS + 1;
    const maxDays = INSIGHT_MAX_RANGE_DAYS[granularity];
    if (days > maxDays) {
      throw new AppError(400, 'INSIGHT_RANGE_TOO_LONG', `A ${granularity} range covers at most ${maxDays} days`, { granularity, maxDays, days });
    }
  }

  /**
   * Month sums answer tiles and top-N, so the range widens to whole months
   * (from the first day of `from`'s month to the last of `to`'s); the
   * previous range is the same number of months just before it.
   */
  monthRanges(f: InsightFilters): InsightRanges {
    const from = utc(f.from);
    const to = utc(f.to);
    const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 0));
    const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1;
    const previousFrom = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - months, 1));
    return { from: iso(first), to: iso(last), previousFrom: iso(previousFrom), previousTo: iso(new Date(first.getTime() - DAY_MS)) };
  }

  /**
   * Whose figures the caller reads: a distributor its own, a principal its
   * connected distributors (row-level security keeps only their consented
   * types; a `distributorId` not among them reads nothing, so zeros).
   * `skuId` names a principal's SKU: a distributor has none.
   */
  async scope(tx: OrgTx, tenant: Tenant, f: InsightFilters): Promise<InsightScope> {
    const kind = tenant.organization.kind === 'PRINCIPAL' ? 'PRINCIPAL' : 'DISTRIBUTOR';
    if (kind === 'DISTRIBUTOR' && f.skuId) {
      throw new AppError(400, 'VALIDATION_FAILED', 'A distributor filters by its own product code, not by SKU', [
        { path: 'query.skuId', code: 'custom', message: 'SKUs belong to principals' },
      ]);
    }
    const visible = await this.documents.visibleOrganizations(tx, tenant);
    const orgIds = f.distributorId ? visible.filter((id) => id === f.distributorId) : visible;
    const signs: Partial<Record<DocumentType, 1 | -1>> = INSIGHT_MEASURE_TYPES[f.measure];
    const types = Object.entries(signs).map(([type, sign]) => ({ type: type as DocumentType, sign: sign! }));
    return {
      viewer: { id: tenant.organization.id, kind },
      orgIds,
      types,
      filters: f,
      goodsOnly: kind === 'PRINCIPAL' && f.measure === 'sell_in' && f.principalGoodsOnly,
    };
  }
}

/**
 * The insight reads' planner settings. `work_mem`: a principal's figures
 * group up to about 150,000 sum rows (a quarter of 100 distributors' customer
 * months), which spilled to disk at the default 4MB (EXPLAIN: "Batches: 5").
 * No merge joins: joining sums to their codes' resolution (CTEs, which carry
 * no statistics) was estimated at one row, so Postgres sorted both sides by
 * text to merge them; hashing them is a third cheaper (a distributor's
 * 12-month trend alone, 43 to 33 ms).
 */
export const INSIGHT_PLANNER: PlannerSettings = { work_mem: '32MB', enable_mergejoin: 'off' };

/** A filter on products (their code, SKU, brand, category, or the principal's goods): only product-keyed rows answer it. */
export const filtersProducts = (s: InsightScope) => Boolean(s.filters.productCode) || filtersSkus(s);
/** A filter on customers (their code, city) or salesmen: only customer-keyed rows answer it. */
export const filtersCustomers = (s: InsightScope) => Boolean(s.filters.city || s.filters.customer || s.filters.salesman);

/**
 * The one sum that carries both what a figure needs and what the filters
 * name; when none does (products and customers at once), the lines of the
 * range themselves (correct, slower). A principal's product figures read its
 * SKU sums, unless they name the distributors' own product codes (a code
 * filter, `productCodes`: ranking by product): rolled up over its
 * distributors unless one is named or they are ranked (`distributors`).
 * Customer-side figures ranked `by` salesman or city read the sums keyed by
 * just that when no finer customer filter is set.
 */
export function sourceFor(
  s: InsightScope,
  needs: { products: boolean; customers: boolean; productCodes?: boolean; distributors?: boolean; by?: 'salesman' | 'city' },
): InsightSource {
  const products = needs.products || filtersProducts(s);
  const customers = needs.customers || filtersCustomers(s);
  if (products && customers) return 'lines';
  if (!products) {
    // Ranked by salesman or city and filtered by nothing finer: the sums keyed by just that.
    const f = s.filters;
    if (needs.by === 'salesman' && !f.customer && !f.city) return 'salesman_months';
    if (needs.by === 'city' && !f.customer && !f.salesman) return 'city_months';
    return 'customer_months';
  }
  if (s.viewer.kind !== 'PRINCIPAL' || s.filters.productCode || needs.productCodes) return 'product_months';
  return s.filters.distributorId || needs.distributors ? 'sku_months' : 'principal_months';
}
