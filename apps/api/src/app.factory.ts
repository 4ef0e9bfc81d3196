import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
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
import type { ReadReplica } from '@portal/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { bearerToken } from './common/auth.decorators';
import { registerCsrfProtection } from './common/csrf';
import { registerRequestContext } from './common/request-context';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors';
import { HttpExceptionFilter } from './common/http-exception.filter';
import type { ApiEnv } from './config/env';
import { registerQueueDashboard } from './infra/queue-dashboard';
import { READ_REPLICA } from './infra/database.module';
import { registerReadYourWrites } from './infra/read-your-writes';
import { REDIS, SYNC_QUEUE } from './infra/redis.module';
import { PinoNestLogger } from './infra/pino-nest-logger';
import { RedisSessionStore } from './modules/auth/redis-session.store';
import { PASSPORT } from './modules/auth/passport.provider';
import { sessionCookie } from './modules/auth/session-cookie';
import { MetricsService } from './modules/metrics/metrics.service';

/** Builds the whole HTTP application; used by main.ts and by the integration tests. */
export async function createApp(env: ApiEnv, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    // Only the configured hops may set the client's address and protocol (rate limits, the Secure cookie).
    trustProxy: env.TRUST_PROXY,
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
  registerCsrfProtection(fastify, env.PUBLIC_BASE_URL);
  registerRequestContext(fastify);
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    // API answers hold tenant data: no browser or proxy cache keeps them (static assets set their own).
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });

  const redis = app.get<Redis>(REDIS);
  const replica = app.get<ReadReplica | null>(READ_REPLICA);
  if (replica) registerReadYourWrites(fastify, { redis, replica });
  const passport = app.get<Authenticator>(PASSPORT);
  const ttlMs = env.SESSION_TTL_HOURS * 3600_000;

  // Every answer of 1 kB or more (JSON, streamed exports, the dashboard's files) is compressed by the
  // client's Accept-Encoding, brotli first; it registers first so its onRoute hook sees every route.
  // The SPA's own files are compressed at build time and sent as they are (preCompressed below).
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024, globalDecompression: false });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      // Fonts from this origin only (helmet's default allows any https host); the queue dashboard included.
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], fontSrc: ["'self'"] },
    },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    redis,
    // The invite links' limit (connections.controller.ts); login and ingestion need several counters each (infra/rate-counter.ts).
    max: env.INVITE_RATE_LIMIT_MAX,
    timeWindow: env.LOGIN_RATE_LIMIT_WINDOW,
    errorResponseBuilder: (_req, ctx): ErrorEnvelope & { statusCode: number } => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `Too many attempts; try again in ${ctx.after}`, details: { retryAfter: ctx.after } },
    }),
  });
  // CSV/XLSX import (one file per request); limits checked while streaming.
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
  await app.register(fastifyCookie);
  const cookie = sessionCookie(env);
  await app.register(fastifySession, {
    secret: env.SESSION_SECRET,
    cookieName: cookie.name,
    store: new RedisSessionStore(redis, ttlMs),
    saveUninitialized: false,
    cookie: { ...cookie.options, maxAge: ttlMs },
  });
  await app.register(passport.initialize());
  await app.register(passport.secureSession());
  // A bearer caller never gets a session cookie, not even the rolled one of a cookie it happened to send
  // (docs/product/api-keys-and-audit.md). Added after the session plugin, so it runs after its onSend.
  fastify.addHook('onSend', async (req, reply) => {
    if (bearerToken(req) !== undefined) reply.removeHeader('set-cookie');
  });
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
    const assetsDir = path.join(webDist, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes .br/.gz beside each file (apps/web/vite.config.ts).
      preCompressed: true,
      // Vite names the files under assets/ by their content hash, so a browser may keep them for good;
      // everything else (index.html naming the current hashes, the favicon) is revalidated on each load.
      setHeaders: (res, filePath) => {
        void res.header('cache-control', filePath.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const spaFallback = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (!hasSpa || req.method !== 'GET' || req.url.startsWith('/api/') || req.url === '/api') return false;
    // A missing built file (a chunk of an earlier release, asked for by a page opened before it) is a 404:
    // answering it with index.html would make the browser fail on HTML sent as a script, and cache it.
    if (req.url.startsWith('/assets/')) return false;
    void reply.sendFile('index.html');
    return true;
  };
  app.useGlobalFilters(new HttpExceptionFilter(spaFallback));
  return app;
}
