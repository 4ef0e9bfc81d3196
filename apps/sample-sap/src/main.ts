import { configFromEnv } from './config';
import { S4_TENANTS } from './s4/tenants';
import { buildServer } from './server';

const cfg = configFromEnv();
const { app } = buildServer(cfg);
app.listen({ port: cfg.port, host: cfg.host }).then(
  () =>
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'sample SAP listening',
        port: cfg.port,
        s4Clients: S4_TENANTS.map((t) => t.client),
        docsPerType: cfg.docsPerType,
      }),
    ),
  (err: unknown) => {
    console.error(`sample SAP failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void app.close().then(() => process.exit(0)));
