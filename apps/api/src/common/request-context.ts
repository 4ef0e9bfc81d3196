import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What the code serving a request may need without being handed the request: its id and the client's address. */
export interface RequestContext {
  requestId: string;
  ip: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served, or undefined outside one (startup, command-line tasks). */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/**
 * Opens the request's context just before its handler. preHandler rather
 * than onRequest: Fastify parses the body on the request stream's own
 * events, which would run the handler outside a context opened earlier.
 * The id is the one in the pino logs and the `x-request-id` answer header.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (req, _reply, done) => {
    storage.run({ requestId: req.id, ip: req.ip }, done);
  });
}
