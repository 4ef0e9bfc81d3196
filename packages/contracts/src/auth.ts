import { z } from 'zod';
import { organizationKind, plainText } from './common';
import { membershipRole } from './permissions';

export const email = z
  .email()
  .max(254)
  .transform((v) => v.trim().toLowerCase());
export const password = z.string().min(8).max(200);

export const registerBody = z.strictObject({
  email,
  password,
  name: plainText(120),
  organizationName: plainText(160),
  // Platform organisations are created by the seed only, never by sign-up.
  organizationKind: z.enum(['DISTRIBUTOR', 'PRINCIPAL']),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBody>;

export const sessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: membershipRole,
});

export const sessionOrganization = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: organizationKind,
});

export const meResponse = z.object({ user: sessionUser, organization: sessionOrganization });
export type MeResponse = z.infer<typeof meResponse>;
/**
 * `GET /api/auth/me`: the caller, or null when signed out. Being signed out is an answer here, not an
 * error, so the sign-in pages ask it without a 401 in the browser's console (issue 15).
 */
export const sessionResponse = meResponse.nullable();
export type SessionResponse = z.infer<typeof sessionResponse>;
