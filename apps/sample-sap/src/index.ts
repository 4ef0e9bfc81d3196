import { type SampleSapConfig, sampleSapConfig } from './config';
import { buildServer, type SampleSapControl } from './server';

export { configFromEnv, type SampleSapConfig } from './config';
export type { SampleSapControl } from './server';
export type { S4Control, S4RequestLog } from './s4/s4-routes';
export type { S4Faults } from './s4/faults';

export interface RunningSampleSap {
  url: string;
  port: number;
  control: SampleSapControl;
  close(): Promise<void>;
}

/** Starts the sample SAP (port 0 = any free port); used by `pnpm start`, tests and the benchmark. */
export async function startSampleSap(options: Partial<SampleSapConfig> = {}): Promise<RunningSampleSap> {
  const cfg = sampleSapConfig.parse({ port: 0, logLevel: 'silent', ...options });
  const { app, control } = buildServer(cfg);
  await app.listen({ port: cfg.port, host: cfg.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  return { url: `http://${cfg.host}:${port}`, port, control, close: () => app.close() };
}
