import { configFromEnv } from './config';
import { buildServer } from './server';

const cfg = configFromEnv();
const { app } = buildServer(cfg);
app.listen({ port: cfg.port, host: cfg.host }).then(
  () =>
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'sample DMS listening',
        port: cfg.port,
        tenants: cfg.tenants.split(',').map((t) => t.split(':')[0]),
        docsPerType: cfg.docsPerType,
      }),
    ),
  (err: unknown) => {
    console.error(`sample DMS failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void app.close().then(() => process.exit(0)));
