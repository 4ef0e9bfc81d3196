import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase } from '@portal/db/src/testing/test-database';
import pino from 'pino';
import { createApp } from '../src/app.factory';
import { loadApiEnv } from '../src/config/env';

export interface TestApp {
  app: NestFastifyApplication;
  ownerUrl: string;
  close(): Promise<void>;
}

/** The real API on its own fresh, migrated database, talking to the machine's Redis. */
export async function startTestApp(prefix: string, overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(prefix);
  const env = loadApiEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.ownerUrl,
    APP_DATABASE_URL: db.appUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
    DATABASE_POOL_MAX: '4',
    ...overrides,
  });
  const app = await createApp(env, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    ownerUrl: db.ownerUrl,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A cookie jar for inject(): keeps the session cookie between calls. */
export class Agent {
  cookie = '';

  /** `ip`: the client address the API sees (rate limits count per address). */
  constructor(
    private readonly app: NestFastifyApplication,
    readonly ip = '127.0.0.1',
  ) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { ...headers, ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) this.cookie = first.split(';')[0] ?? '';
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : undefined, headers: res.headers };
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}.${(counter++).toString(36)}@test.local`;
