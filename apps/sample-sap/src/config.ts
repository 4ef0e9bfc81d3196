import { z } from 'zod';

/** The sample SAP's settings (env in `pnpm start`, options in tests). */
export const sampleSapConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4020),
  logLevel: z.enum(['silent', 'info', 'debug']).default('silent'),
  seed: z.coerce.number().int().default(20261201),
  /** Documents per type per tenant. */
  docsPerType: z.coerce.number().int().min(0).max(1_000_000).default(40),
  /** S/4HANA's page cap without $top (SAP KBA 3072317: 1,000). */
  defaultPageSize: z.coerce.number().int().min(1).default(1000),
  /** S/4HANA's page cap with $top (5,000). */
  maxPageSize: z.coerce.number().int().min(1).default(5000),
  /**
   * Whether the master-data services answer (S/4HANA's A_BusinessPartner and API_PRODUCT_SRV,
   * Business One's BusinessPartners and Items); false answers 404, as a system without them.
   */
  masterData: z.boolean().default(true),
  /** The test controls under /__mock (never in production). */
  control: z.boolean().default(true),
});
export type SampleSapConfig = z.infer<typeof sampleSapConfig>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SampleSapConfig {
  return sampleSapConfig.parse({
    port: env.SAMPLE_SAP_PORT,
    host: env.SAMPLE_SAP_HOST,
    seed: env.SAMPLE_SAP_SEED,
    docsPerType: env.SAMPLE_SAP_DOCS_PER_TYPE,
    logLevel: env.SAMPLE_SAP_LOG_LEVEL,
    defaultPageSize: env.SAMPLE_SAP_PAGE_SIZE,
    maxPageSize: env.SAMPLE_SAP_MAX_PAGE_SIZE,
    masterData: env.SAMPLE_SAP_MASTER_DATA !== 'false',
    control: env.NODE_ENV === 'production' ? false : env.SAMPLE_SAP_CONTROL !== 'false',
  });
}
