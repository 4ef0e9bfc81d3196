import type { Job } from 'bullmq';
import type { z } from 'zod';

/** What a handler reports back; stored as the job's return value. */
export type JobOutcome = { status: 'succeeded' | 'partial' | 'skipped'; detail?: Record<string, unknown> };

export interface JobHandler<S extends z.ZodType = z.ZodType> {
  /** The job from contracts (a `JOBS` entry): its name and payload schema, named once so they cannot disagree. */
  readonly job: { readonly name: string; readonly payload: S };
  handle(payload: z.infer<S>, job: Job, token?: string): Promise<JobOutcome>;
  /**
   * Called once BullMQ has given up on a job by itself, without the handler
   * seeing the last failure (e.g. its workers died more often than
   * `maxStalledCount` allows), so its effects are not left half-open.
   */
  onGaveUp?(payload: z.infer<S>, job: Job, error: Error): Promise<void>;
}
