import { z } from 'zod';
import { organizationKind, plainText } from './common';
import { mailLocale } from './jobs';
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
  // The language the owner signed up in, so their mail matches it from the first one; Indonesian when absent.
  locale: mailLocale.optional(),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBody>;

/** `POST /api/auth/password-reset`: always 202, whether or not an account has this email. */
export const passwordResetRequestBody = z.strictObject({ email });
export type PasswordResetRequestBody = z.infer<typeof passwordResetRequestBody>;

/** The token of a password reset link: 256 random bits, base64url. */
export const passwordResetToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'malformed reset token');
/** How long a password reset link works (docs/product/users-and-roles.md). */
export const PASSWORD_RESET_TTL_MINUTES = 30;

export const passwordResetConfirmBody = z.strictObject({ token: passwordResetToken, password });
export type PasswordResetConfirmBody = z.infer<typeof passwordResetConfirmBody>;

/** The new password follows register's rules; the current one is only compared. */
export const changePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/**
 * `PUT /api/auth/locale`: the signed-in user's language. The SPA switches to it on sign-in, and the
 * portal's mail to the user (password reset, password changed) is written in it.
 */
export const setLocaleBody = z.strictObject({ locale: mailLocale });
export type SetLocaleBody = z.infer<typeof setLocaleBody>;

export const sessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: membershipRole,
  locale: mailLocale,
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
