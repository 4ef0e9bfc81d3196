import type { FastifyRequest } from 'fastify';

/**
 * Route config for @fastify/rate-limit on login. Counted per client address
 * and email (in the preHandler hook, where the body is parsed), so one
 * attacker cannot lock out everyone behind the same NAT and one account
 * cannot be brute-forced. max/window come from the plugin's global options.
 */
export const LOGIN_RATE_LIMIT = {
  hook: 'preHandler',
  keyGenerator: (req: FastifyRequest) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return `login:${req.ip}:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
  },
} as const;
