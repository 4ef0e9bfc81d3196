import { z } from 'zod';

const rate = z.coerce.number().min(0).max(1).default(0);

export const sampleDmsConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().default('127.0.0.1'),
  seed: z.coerce.number().int().default(42),
  docsPerType: z.coerce.number().int().min(0).max(50_000_000).default(200),
  avgLinesPerDoc: z.coerce.number().int().min(1).max(50).default(3),
  /** "446:bebaspakaivalueapapun,512:kunci-rahasia-512" */
  tenants: z.string().default('446:bebaspakaivalueapapun,512:kunci-rahasia-512,777:tujuh-tujuh-tujuh'),
  latencyMs: z.coerce.number().int().min(0).default(0),
  rate429: rate,
  retryAfterSeconds: z.coerce.number().int().min(0).default(1),
  rate5xx: rate,
  malformedRate: rate,
  changeBetweenPages: z.coerce.boolean().default(false),
  /** Serve the contract's optional customers and products; false answers 404 there (a DMS without master data). */
  masterData: z.boolean().default(true),
  control: z.coerce.boolean().default(true),
  logLevel: z.string().default('warn'),
});
export type SampleDmsConfig = z.infer<typeof sampleDmsConfig>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SampleDmsConfig {
  return sampleDmsConfig.parse({
    port: env.SAMPLE_DMS_PORT,
    host: env.SAMPLE_DMS_HOST,
    seed: env.SAMPLE_DMS_SEED,
    docsPerType: env.SAMPLE_DMS_DOCS_PER_TYPE,
    avgLinesPerDoc: env.SAMPLE_DMS_LINES_PER_DOC,
    tenants: env.SAMPLE_DMS_TENANTS,
    latencyMs: env.SAMPLE_DMS_LATENCY_MS,
    rate429: env.SAMPLE_DMS_RATE_429,
    retryAfterSeconds: env.SAMPLE_DMS_RETRY_AFTER_S,
    rate5xx: env.SAMPLE_DMS_RATE_5XX,
    malformedRate: env.SAMPLE_DMS_MALFORMED_RATE,
    changeBetweenPages: env.SAMPLE_DMS_CHANGE_BETWEEN_PAGES === 'true' || env.SAMPLE_DMS_CHANGE_BETWEEN_PAGES === '1',
    masterData: env.SAMPLE_DMS_MASTER_DATA !== 'false',
    control: env.NODE_ENV === 'production' ? false : env.SAMPLE_DMS_CONTROL !== 'false',
    logLevel: env.SAMPLE_DMS_LOG_LEVEL,
  });
}

export function parseTenants(spec: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at <= 0 || !/^\d+$/.test(entry.slice(0, at))) throw new Error(`bad tenant "${entry}": expected <digits>:<key>`);
    out.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return out;
}
