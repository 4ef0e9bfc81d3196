import { request } from 'node:http';
import path from 'node:path';
import type { InjectTarget } from './agent';
import { type AppProcess, freePort, spawnApp } from './child-process';

const API_DIR = path.resolve(__dirname, '../../../apps/api');

export interface ApiProcess extends AppProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** For `Agent` and `register()`: the same calls as on an in-process app, over a real socket. */
  target: InjectTarget;
}

/**
 * Starts apps/api/src/main.ts on a free loopback port with `env`
 * (DATABASE_URL, APP_DATABASE_URL, REDIS_URL, QUEUE_PREFIX, DMS_BASE_URL, …)
 * on top of quiet test defaults, and resolves once /api/health answers 200.
 */
export async function startApiProcess(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { process: api } = await spawnApp(
    'api',
    API_DIR,
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      DATABASE_POOL_MAX: '4',
      PUBLIC_BASE_URL: url,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    `${url}/api/health`,
    opts.timeoutMs ?? 60_000,
  );
  return { ...api, url, target: httpTarget(url) };
}

/**
 * inject() over HTTP. The client address is the socket's (127.0.0.1), so
 * `remoteAddress` is ignored; no Origin or Sec-Fetch-Site is sent, as from
 * any non-browser client.
 */
export function httpTarget(baseUrl: string): InjectTarget {
  return {
    inject: ({ method, url, headers, payload }) =>
      new Promise((resolve, reject) => {
        const req = request(
          new URL(url, baseUrl),
          { method, headers: { ...headers, ...(payload !== undefined ? { 'content-length': String(Buffer.byteLength(payload)) } : {}) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
  };
}
