import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ErrorCode, ErrorEnvelope } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * Renders every error as `{ error: { code, message, details } }`. Unknown
 * errors are logged with the request id and answered with a generic 500 that
 * never leaks internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly spaFallback?: (req: FastifyRequest, reply: FastifyReply) => boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const { status, body } = this.toEnvelope(exception, req);
    if (status === 404 && this.spaFallback?.(req, reply)) return;
    if (exception instanceof AppError && exception.headers) void reply.headers(exception.headers);
    if (status >= 500) {
      this.logger.error({ err: exception, reqId: req.id }, 'unhandled error');
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toEnvelope(exception: unknown, req: FastifyRequest): { status: number; body: ErrorEnvelope } {
    if (exception instanceof AppError) {
      return { status: exception.status, body: { error: { code: exception.code, message: exception.message, details: exception.details } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      const message = status === 404 ? `No route for ${req.method} ${req.url.split('?')[0]}` : exception.message;
      return { status, body: { error: { code, message } } };
    }
    // Fastify's own errors (malformed JSON, body too large, rate limit) carry a statusCode.
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // The rate limiter throws the envelope its errorResponseBuilder made (with the retry time): keep it.
      const built = (exception as { error?: Partial<ErrorEnvelope['error']> }).error;
      if (built?.code && typeof built.message === 'string') {
        return { status: fastifyStatus, body: { error: { code: built.code, message: built.message, details: built.details } } };
      }
      const code = STATUS_CODES[fastifyStatus] ?? 'VALIDATION_FAILED';
      return { status: fastifyStatus, body: { error: { code, message: (exception as Error).message } } };
    }
    return { status: 500, body: { error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${req.id})` } } };
  }
}
