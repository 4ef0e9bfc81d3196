import fastifyPassport from '@fastify/passport';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import type { MeResponse } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError } from '../../common/app-error';
import type { AuthService, SessionRef } from './auth.service';
import type { SessionEpochs } from './session-epochs';

export const PASSPORT = Symbol('PASSPORT');

export function createPassport(auth: AuthService, epochs: SessionEpochs): Authenticator {
  const passport = new fastifyPassport.Authenticator();
  passport.use(
    'local',
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: true }, (email, password, done) => {
      auth.validateCredentials(email, password).then(
        (caller) => done(null, caller ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
  passport.registerUserSerializer<MeResponse, SessionRef>(async (caller) => ({
    u: caller.user.id,
    o: caller.organization.id,
    g: await epochs.current(caller.user.id),
  }));
  passport.registerUserDeserializer<SessionRef, MeResponse | null>(async (ref) => {
    // A session from before the user's password changed is over (sessions made before generations were kept count as 0).
    const [caller, epoch] = await Promise.all([auth.loadSessionCaller(ref), epochs.current(ref.u)]);
    if ((ref.g ?? 0) !== epoch) return null;
    // null makes @fastify/passport drop the stale session instead of failing the request.
    return caller ?? null;
  });
  return passport;
}

/** Runs passport-local for this request; resolves with the caller or throws 401. */
export function authenticateLocal(passport: Authenticator, req: FastifyRequest, reply: FastifyReply): Promise<MeResponse> {
  return new Promise<MeResponse>((resolve, reject) => {
    const handler = passport.authenticate(
      'local',
      { session: false, authInfo: false },
      async (_req: FastifyRequest, _reply: FastifyReply, err: unknown, user: unknown) => {
        if (err) return reject(err);
        if (!user) return reject(new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong'));
        resolve(user as MeResponse);
      },
    );
    handler.call(req.server, req, reply).catch(reject);
  });
}
