import type { TenantDb } from '@portal/db';
import type { Logger } from 'pino';

/**
 * Folds the principals' appended insight deltas into their roll-up
 * (`insight_principal_fold()`, migration `*_insight_skus`) every `everyMs`.
 * Readers add the deltas not yet folded, so figures are exact whenever this
 * runs; it only keeps the deltas few. One folder at a time across workers
 * (the function's lock): another worker's pass folds 0.
 */
export class InsightFold {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly db: TenantDb,
    private readonly logger: Logger,
    private readonly opts: { everyMs: number },
  ) {}

  start() {
    this.timer = setInterval(() => void this.tick(), this.opts.everyMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** One pass; answers how many deltas it folded. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const [row] = await this.db.runAsInsightFold((tx) => tx.$queryRaw<{ folded: number }[]>`select insight_principal_fold() as folded`);
      return row?.folded ?? 0;
    } catch (err) {
      this.logger.warn({ err }, 'insight fold failed; will retry');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
