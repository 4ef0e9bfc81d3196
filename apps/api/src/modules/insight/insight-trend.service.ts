import { Injectable } from '@nestjs/common';
import { compareCurrencies, type InsightTrend, type InsightTrendQuery } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { INSIGHT_PLANNER, filtersCustomers, filtersProducts, InsightScopeService, sourceFor } from './insight-scope.service';
import type { InsightScope, InsightSource } from './insight-sql';
import { InsightRepository, type TrendPlan } from './insight.repository';

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);
/** The Monday starting a date's ISO week. */
const monday = (s: string) => {
  const d = utc(s);
  return iso(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS));
};

/**
 * `GET /api/insight/trend`: value per period and currency, every period of
 * the range present. A month trend reads the month sums (with the base-unit
 * quantity) over whole months; a day or week trend reads the day sums by
 * exact date (value only), or the lines of the range when a product,
 * customer or salesman filter is set (the day sums carry neither).
 */
@Injectable()
export class InsightTrendService {
  constructor(
    private readonly db: TenantDb,
    private readonly scopes: InsightScopeService,
    private readonly repo: InsightRepository,
  ) {}

  async trend(tenant: Tenant, q: InsightTrendQuery): Promise<InsightTrend> {
    this.scopes.checkRange(q, q.granularity);
    return this.db.readAsOrg(
      tenant.organization.id,
      async (tx) => {
        const s = await this.scopes.scope(tx, tenant, q);
        const points = await this.repo.trend(tx, s, ...this.plan(q, s));
        points.sort((a, b) => (a.period === b.period ? compareCurrencies(a.currency, b.currency) : a.period < b.period ? -1 : 1));
        return { granularity: q.granularity, points };
      },
      { planner: INSIGHT_PLANNER },
    );
  }

  /** Which rows answer the trend, and the range of periods it covers. */
  private plan(q: InsightTrendQuery, s: InsightScope): [InsightSource, TrendPlan] {
    if (q.granularity === 'month') {
      const r = this.scopes.monthRanges(q);
      return [
        sourceFor(s, { products: true, customers: false }),
        { granularity: 'month', from: r.from, to: r.to, start: r.from, end: r.to, withQuantity: true },
      ];
    }
    const source = filtersProducts(s) || filtersCustomers(s) ? 'lines' : 'days';
    const start = q.granularity === 'week' ? monday(q.from) : q.from;
    return [source, { granularity: q.granularity, from: q.from, to: q.to, start, end: q.to, withQuantity: false }];
  }
}
