import type { Authenticator } from '@fastify/passport/dist/authenticator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { AppError } from '../../common/app-error';
import type { IngestPrincipal, IntegrationsService } from '../integrations/integrations.service';

export const API_KEY_STRATEGY = 'ingest-api-key';

/**
 * `Authorization: Bearer <prefix>.<secret>` for External ingestion, as a
 * passport strategy next to passport-local. Sessions are not involved: the
 * ingestion routes are @Public() to the session guard and accept only this.
 */
export function registerApiKeyStrategy(passport: Authenticator, integrations: IntegrationsService): void {
  passport.use(
    API_KEY_STRATEGY,
    new BearerStrategy((token, done) => {
      integrations.authenticateApiKey(token).then(
        (principal) => done(null, principal ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
}

/** Runs the API-key strategy for this request: the principal, 401, or the strategy's error (403 when disabled). */
export function authenticateApiKey(passport: Authenticator, req: FastifyRequest, reply: FastifyReply): Promise<IngestPrincipal> {
  // Only the header: passport-http-bearer would also take a key from the query
  // string or body, where it ends up in logs.
  if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
    return Promise.reject(new AppError(401, 'UNAUTHENTICATED', 'Send the integration API key as "Authorization: Bearer <key>"'));
  }
  return new Promise<IngestPrincipal>((resolve, reject) => {
    const handler = passport.authenticate(API_KEY_STRATEGY, { session: false, authInfo: false }, async (_req: FastifyRequest, _reply: FastifyReply, err: unknown, user: unknown) => {
      if (err) return reject(err);
      if (!user) return reject(new AppError(401, 'UNAUTHENTICATED', 'The API key is wrong, revoked or unknown'));
      resolve(user as IngestPrincipal);
    });
    handler.call(req.server, req, reply).catch(reject);
  });
}
