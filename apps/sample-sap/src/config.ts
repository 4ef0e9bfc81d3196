import { z } from 'zod';

/** The sample SAP's settings (env in `pnpm start`, options in tests). */
export const sampleSapConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4020),
  logLevel: z.enum(['silent', 'info', 'debug']).default('silent'),
  seed: z.coerce.number().int().default(20261201),
  /** Documents per type per tenant. */
  docsPerType: z.coerce.number().int().min(0).default(40),
});
export type SampleSapConfig = z.infer<typeof sampleSapConfig>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SampleSapConfig {
  return sampleSapConfig.parse({
    port: env.SAMPLE_SAP_PORT,
    host: env.SAMPLE_SAP_HOST,
    seed: env.SAMPLE_SAP_SEED,
    docsPerType: env.SAMPLE_SAP_DOCS_PER_TYPE,
    logLevel: env.SAMPLE_SAP_LOG_LEVEL,
  });
}
