import type { Logger } from 'pino';

/**
 * A pass the worker runs every `everyMs`: the timer never keeps the process
 * alive, two passes never overlap (one due while another runs answers `idle`
 * at once), and a failed pass is logged as `failure` and tried again at the
 * next tick. `run` is also what tests and callers use to run one pass now.
 */
export class PeriodicPass<T, A extends unknown[] = []> {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly pass: (...args: A | []) => Promise<T>,
    private readonly idle: T,
    private readonly logger: Logger,
    private readonly opts: { everyMs: number; failure: string },
  ) {}

  start() {
    this.timer = setInterval(() => void this.run(), this.opts.everyMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  async run(...args: A | []): Promise<T> {
    if (this.running) return this.idle;
    this.running = true;
    try {
      return await this.pass(...args);
    } catch (err) {
      this.logger.warn({ err }, this.opts.failure);
      return this.idle;
    } finally {
      this.running = false;
    }
  }
}
