import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ErrorEnvelope, IMPORT_MAX_BYTES } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors';
import { HttpExceptionFilter } from './common/http-exception.filter';
import type { ApiEnv } from './config/env';
import { registerQueueDashboard } from './infra/queue-dashboard';
import { REDIS, SYNC_QUEUE } from './infra/redis.module';
import { PinoNestLogger } from './infra/pino-nest-logger';
import { RedisSessionStore } from './modules/auth/redis-session.store';
import { PASSPORT } from './modules/auth/passport.provider';
import { MetricsService } from './modules/metrics/metrics.service';

export const SESSION_COOKIE = 'portal.sid';

/** Builds the whole HTTP application; used by main.ts and by the integration tests. */
export async function createApp(env: ApiEnv, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: env.NODE_ENV === 'production',
    bodyLimit: 5 * 1024 * 1024,
    // The router's and the HTTP parser's own refusals answer in the error envelope too.
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    logger: new PinoNestLogger(logger),
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });

  const redis = app.get<Redis>(REDIS);
  const passport = app.get<Authenticator>(PASSPORT);
  const ttlMs = env.SESSION_TTL_HOURS * 3600_000;

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] },
    },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    redis,
    // Routes name their counters (login:…, invite:…, ingest:…); each family has its own configured ceiling.
    max: (_req, key) =>
      key.startsWith('invite:') ? env.INVITE_RATE_LIMIT_MAX : key.startsWith('ingest:') ? env.INGEST_RATE_LIMIT_MAX : env.LOGIN_RATE_LIMIT_MAX,
    timeWindow: env.LOGIN_RATE_LIMIT_WINDOW,
    errorResponseBuilder: (_req, ctx): ErrorEnvelope & { statusCode: number } => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `Too many attempts; try again in ${ctx.after}`, details: { retryAfter: ctx.after } },
    }),
  });
  // CSV/XLSX import (one file per request); limits checked while streaming.
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: env.SESSION_SECRET,
    cookieName: SESSION_COOKIE,
    store: new RedisSessionStore(redis, ttlMs),
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: env.NODE_ENV === 'production', sameSite: 'lax', path: '/', maxAge: ttlMs },
  });
  await app.register(passport.initialize());
  await app.register(passport.secureSession());
  await registerQueueDashboard(fastify, { redis, prefix: env.QUEUE_PREFIX, syncQueue: app.get<Queue>(SYNC_QUEUE) });

  await app.register(fastifyStatic, {
    root: path.dirname(require.resolve('swagger-ui-dist/package.json')),
    prefix: '/api/docs/assets/',
    decorateReply: false,
    wildcard: false,
    allowedPath: (p) => /^\/(swagger-ui\.css|swagger-ui-bundle\.js)$/.test(p),
  });

  const webDist = env.WEB_DIST_DIR ?? path.resolve(__dirname, '../../web/dist');
  const hasSpa = existsSync(path.join(webDist, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  const spaFallback = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (!hasSpa || req.method !== 'GET' || req.url.startsWith('/api/') || req.url === '/api') return false;
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  };
  app.useGlobalFilters(new HttpExceptionFilter(spaFallback));
  return app;
}
