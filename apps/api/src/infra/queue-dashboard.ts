import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { type ErrorEnvelope, QUEUES } from '@portal/contracts';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../common/app-error';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

// bull-board's page links IBM Plex from Google Fonts; its styles fall back to
// the system fonts, so the page is sent without that third-party request and
// the portal's own CSP (app.factory.ts) covers it unchanged (issue 15).
const GOOGLE_FONTS_LINK = /<link\b[^>]*\bhref="https:\/\/fonts\.(googleapis|gstatic)\.com[^>]*>/g;

const envelope = (err: AppError): ErrorEnvelope => ({ error: { code: err.code, message: err.message } });

/**
 * The same rule as the global SessionGuard with @OrgKinds('PLATFORM'): the
 * session user (deserialised by passport before this hook) must belong to the
 * platform organisation. A signed-out browser opening the page goes to the
 * login screen; other callers get the error envelope.
 */
async function requirePlatformAdmin(req: FastifyRequest, reply: FastifyReply) {
  const caller = req.user;
  if (!caller) {
    if (req.method === 'GET' && req.headers.accept?.includes('text/html')) return reply.redirect('/login');
    const err = AppError.unauthenticated();
    return reply.status(err.status).send(envelope(err));
  }
  if (caller.organization.kind !== 'PLATFORM') {
    const err = AppError.forbidden('Only platform admins can see the queues');
    return reply.status(err.status).send(envelope(err));
  }
}

/**
 * Mounts bull-board for every queue of the contracts under /api/admin/queues,
 * with the BullMQ prefix the worker uses. Read-only: a job removed or retried
 * behind the sync runs' back would leave its run QUEUED or re-run a finished
 * one; admins retry through the sync-runs screen.
 */
export async function registerQueueDashboard(fastify: FastifyInstance, opts: { redis: Redis; prefix: string; syncQueue: Queue }): Promise<void> {
  const queues = Object.values(QUEUES).map((name) =>
    name === opts.syncQueue.name ? opts.syncQueue : new Queue(name, { connection: opts.redis, prefix: opts.prefix }),
  );
  // The sync queue belongs to the RedisModule; the others exist only for the dashboard.
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.filter((q) => q !== opts.syncQueue).map((q) => q.close()));
  });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'Portal',
        favIcon: { default: '/favicon.svg', alternative: '/favicon.svg' },
        // The way back: bull-board's header menu; the portal's home opens the admin's first screen.
        miscLinks: [{ text: '← Portal Distribusi', url: '/' }],
        hideDocsLink: true,
      },
    },
  });
  await fastify.register(
    async (scope) => {
      scope.addHook('preHandler', requirePlatformAdmin);
      scope.addHook('onSend', async (_req, reply, payload) =>
        typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html') ? payload.replace(GOOGLE_FONTS_LINK, '') : payload,
      );
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
