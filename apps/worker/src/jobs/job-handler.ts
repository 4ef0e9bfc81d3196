import type { Job } from 'bullmq';
import type { z } from 'zod';

/** What a handler reports back; stored as the job's return value. */
export type JobOutcome = { status: 'succeeded' | 'partial' | 'skipped'; detail?: Record<string, unknown> };

export interface JobHandler<S extends z.ZodType = z.ZodType> {
  /** Job name from contracts (JOBS.*.name). */
  readonly name: string;
  readonly payload: S;
  handle(payload: z.infer<S>, job: Job, token?: string): Promise<JobOutcome>;
}
