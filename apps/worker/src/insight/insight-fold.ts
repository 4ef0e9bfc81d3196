import type { TenantDb } from '@portal/db';
import type { Logger } from 'pino';
import { PeriodicPass } from '../infra/periodic-pass';

/**
 * Folds the principals' appended insight deltas into their roll-up
 * (`insight_principal_fold()`, migration `*_insight_skus`) every `everyMs`.
 * Readers add the deltas not yet folded, so figures are exact whenever this
 * runs; it only keeps the deltas few. One folder at a time across workers
 * (the function's lock): another worker's pass folds 0.
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

  /** One pass; answers how many deltas it folded. */
  tick(): Promise<number> {
    return this.periodic.run();
  }

  private async fold(): Promise<number> {
    const [row] = await this.db.runAsInsightFold((tx) => tx.$queryRaw<{ folded: number }[]>`select insight_principal_fold() as folded`);
    return row?.folded ?? 0;
  }
}
