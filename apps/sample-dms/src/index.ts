import { type SampleDmsConfig, sampleDmsConfig } from './config';
import { buildServer, type SampleDmsControl } from './server';

export { catalogue, MODEL_TYPES, type ModelType } from './catalogue';
export { configFromEnv, type SampleDmsConfig } from './config';
export { isMalformed } from './data';
export { ean13, isMasterDataMalformed, MASTER_DATA_PATHS, type MasterDataPath } from './master-data';
export { prng } from '@portal/seeded';
export type { Faults, SampleDmsControl } from './server';

export interface RunningSampleDms {
  url: string;
  port: number;
  control: SampleDmsControl;
  close(): Promise<void>;
}

/** Starts the sample DMS (port 0 = any free port); used by `pnpm start`, tests and the benchmark. */
export async function startSampleDms(options: Partial<SampleDmsConfig> = {}): Promise<RunningSampleDms> {
  const cfg = sampleDmsConfig.parse({ port: 0, logLevel: 'silent', ...options });
  const { app, control } = buildServer(cfg);
  await app.listen({ port: cfg.port, host: cfg.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  return { url: `http://${cfg.host}:${port}`, port, control, close: () => app.close() };
}
