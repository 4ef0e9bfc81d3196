import { z } from 'zod';

const check = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number().optional(), error: z.string().optional() });

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: check,
  redis: check.extend({ maxmemoryPolicy: z.string().optional() }),
  queues: z.record(z.string(), z.object({ waiting: z.number(), active: z.number(), failed: z.number(), delayed: z.number() })),
});
export type HealthResponse = z.infer<typeof healthResponse>;
