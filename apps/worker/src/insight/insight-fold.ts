import type { TenantDb } from '@portal/db';
import type { Logger } from 'pino';
import { PeriodicPass } from '../infra/periodic-pass';

/**
 * Folds what the line trigger appended into the insight sums, and the
 * principals' appended deltas into their roll-up (`insight_fold()`, migration
 * `*_insight_fold`), every `everyMs`. Readers add what is not yet folded, so
 * figures are exact whenever this runs; it keeps the appended rows few and
 * takes the sums' upkeep off the consolidation's write. One folder at a time
 * across workers (the function's lock): another worker's pass folds 0.
 */
export class InsightFold {
  private readonly periodic: PeriodicPass<number>;

  constructor(
    private readonly db: TenantDb,
    logger: Logger,
    opts: { everyMs: number },
  ) {
    this.periodic = new PeriodicPass(() => this.fold(), 0, logger, { everyMs: opts.everyMs, failure: 'insight fold failed; will retry' });
  }

  start() {
    this.periodic.start();
  }

  stop() {
    this.periodic.stop();
  }

  /** One pass; answers how many appended rows it folded. */
  tick(): Promise<number> {
    return this.periodic.run();
  }

  private async fold(): Promise<number> {
    const [row] = await this.db.runAsInsightFold((tx) => tx.$queryRaw<{ folded: number }[]>`select insight_fold() as folded`);
    return row?.folded ?? 0;
  }
}
