import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'trace';

/**
 * Routes Nest's log calls into the same pino JSON stream as requests.
 * Nest appends the logger's context as the last argument; an object first
 * argument is kept as structured fields (with `err` serialised by pino).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: Level, message: unknown, rest: unknown[]) {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : 'event';
      this.pino[level]({ context, ...(message as Record<string, unknown>) }, text);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      this.pino[level]({ context, ...(level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? { trace: rest[0] } : {}) }, String(message));
    }
  }

  // Nest's own start-up chatter (modules, routes) is debug detail, not operations news.
  log(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
