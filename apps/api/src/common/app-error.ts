import type { ErrorCode } from '@portal/contracts';

/**
 * A failure the user can act on. Services throw these; the exception filter
 * renders them as the error envelope of docs/product/http-api.md with a stable code the SPA translates.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Response headers the filter sends with the envelope (Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  static notFound(what = 'Resource') {
    return new AppError(404, 'NOT_FOUND', `${what} not found`);
  }
  static unauthenticated() {
    return new AppError(401, 'UNAUTHENTICATED', 'Sign in to continue');
  }
  static forbidden(message = 'Your organisation cannot do this') {
    return new AppError(403, 'FORBIDDEN', message);
  }
  /** 429 in the shape @fastify/rate-limit's refusals have (docs/product/api-keys-and-audit.md). */
  static rateLimited(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new AppError(
      429,
      'RATE_LIMITED',
      `Too many attempts; try again in ${seconds} seconds`,
      { retryAfter: `${seconds} seconds` },
      { 'retry-after': String(seconds) },
    );
  }
  static conflict(code: ErrorCode, message: string) {
    return new AppError(409, code, message);
  }
}
