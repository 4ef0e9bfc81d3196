import type { Socket } from 'node:net';
import type { ErrorCode, ErrorEnvelope } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Refusals made before any route runs, by Fastify's router and by Node's
 * HTTP parser, answered in the same envelope as every other error
 * (docs/product/http-api.md). None of them echoes the URL: it may be huge,
 * and it is the client's own input.
 */
const envelope = (code: ErrorCode, message: string): string => JSON.stringify({ error: { code, message } } satisfies ErrorEnvelope);

const ROUTER_REFUSALS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'MALFORMED_URL', message: 'The address contains a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URL_TOO_LONG', message: 'A part of the address is longer than 100 characters' },
};

/** Fastify's `frameworkErrors`: the router's refusals (bad percent-encoding, an over-long path parameter). */
export function frameworkErrors(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const known = ROUTER_REFUSALS[error.code ?? ''];
  const { status, code, message } = known ?? { status: 500, code: 'INTERNAL' as const, message: 'Something went wrong on our side' };
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(envelope(code, message));
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'HEADERS_TOO_LARGE',
    message: 'The address or the headers are too large (at most 16 kB)',
  },
};

/**
 * Fastify's `clientErrorHandler`: Node refused the request while parsing it
 * (e.g. a 100 kB query string is over the 16 kB header limit). Answers, then
 * reads what is still arriving and closes, so the client gets the answer
 * rather than a reset connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, reason: 'Bad Request', code: 'VALIDATION_FAILED', message: 'The request is not valid HTTP' };
  const body = envelope(known.code, known.message);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${known.status} ${known.reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.resume();
  socket.setTimeout(5_000, () => socket.destroy());
}
