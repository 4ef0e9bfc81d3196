import { Injectable } from '@nestjs/common';
import { compareCurrencies, type InsightFilters, type InsightSummary } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { INSIGHT_PLANNER, InsightScopeService, sourceFor } from './insight-scope.service';
import { InsightRepository } from './insight.repository';

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
        const outlets = await this.repo.outletFigures(tx, s, sourceFor(s, { products: false, customers: true }), ranges);
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
}
