import { Injectable } from '@nestjs/common';
import { compareCurrencies, type InsightFilters, type InsightSummary } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { filtersCustomers, INSIGHT_PLANNER, InsightScopeService, sourceFor } from './insight-scope.service';
import { type InsightScope, OUTLET_RANGE_TYPES } from './insight-sql';
import { type InsightRanges, InsightRepository, type OutletFigures } from './insight.repository';

/** `GET /api/insight/summary`: the KPI tiles per currency, for the range and the same number of months before it. */
@Injectable()
export class InsightSummaryService {
  constructor(
    private readonly db: TenantDb,
    private readonly scopes: InsightScopeService,
    private readonly repo: InsightRepository,
  ) {}

  async summary(tenant: Tenant, f: InsightFilters): Promise<InsightSummary> {
    this.scopes.checkRange(f);
    const ranges = this.scopes.monthRanges(f);
    const head = { from: ranges.from, to: ranges.to, previousFrom: ranges.previousFrom, previousTo: ranges.previousTo };
    // One snapshot: the product figures and the outlets count the same lines.
    return this.db.readAsOrg(
      tenant.organization.id,
      async (tx) => {
        const s = await this.scopes.scope(tx, tenant, f);
        if (s.orgIds.length === 0) return { ...head, currencies: [] };
        const products = await this.repo.productFigures(tx, s, sourceFor(s, { products: true, customers: false }), ranges);
        const outlets = await this.outlets(tx, s, ranges);
        const outletsOf = new Map(outlets.map((o) => [o.currency, o]));
        const currencies = products
          .map((p) => {
            const o = outletsOf.get(p.currency);
            return {
              currency: p.currency,
              value: p.value,
              quantity: p.quantity,
              unconvertibleLines: p.unconvertibleLines,
              unmappedLines: p.unmappedLines,
              activeOutlets: o?.activeOutlets ?? 0,
              skusSold: p.skusSold,
              previous: { value: p.previousValue, quantity: p.previousQuantity, activeOutlets: o?.previousActiveOutlets ?? 0, skusSold: p.previousSkusSold },
              growth: p.growth,
            };
          })
          .sort((a, b) => compareCurrencies(a.currency, b.currency));
        return { ...head, currencies };
      },
      { oneSnapshot: true, planner: INSIGHT_PLANNER },
    );
  }

  /**
   * Active outlets per currency: from the kept outlet ranges when nothing
   * narrower than distributors, a currency or products is asked for, counted
   * from the sums for the distributors those cannot answer for now (and for
   * everything else). Outlets are a distributor's own, so distinct
   * distributors' counts add up.
   */
  private async outlets(tx: OrgTx, s: InsightScope, ranges: InsightRanges): Promise<OutletFigures[]> {
    const source = sourceFor(s, { products: false, customers: true });
    const invoices = s.types.filter((t) => t.sign > 0).map((t) => t.type);
    const type = invoices.length === 1 ? invoices[0]! : null;
    if (source !== 'customer_months' || filtersCustomers(s) || !type || !OUTLET_RANGE_TYPES.includes(type))
      return this.repo.outletFigures(tx, s, source, ranges);
    const kept = await this.repo.keptOutletFigures(tx, s, type, ranges);
    if (kept.recount.length === 0) return kept.figures;
    const counted = await this.repo.outletFigures(tx, { ...s, orgIds: kept.recount }, source, ranges);
    const sums = new Map<string, OutletFigures>();
    for (const o of [...kept.figures, ...counted]) {
      const seen = sums.get(o.currency);
      sums.set(
        o.currency,
        seen
          ? {
              currency: o.currency,
              activeOutlets: seen.activeOutlets + o.activeOutlets,
              previousActiveOutlets: seen.previousActiveOutlets + o.previousActiveOutlets,
            }
          : o,
      );
    }
    return [...sums.values()];
  }
}
