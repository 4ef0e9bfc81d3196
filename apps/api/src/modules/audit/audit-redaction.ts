import type { Prisma } from '@portal/db';

/**
 * Names of fields that hold a secret, matched on the name's last word in any
 * case and separator (`password`, `newPassword`, `client_secret`,
 * `accessKey`, `Authorization`), so an id or a masked form beside them
 * (`apiKeyId`, `accessKeyMasked`, `tokenHash`) is kept.
 */
const SECRET_NAME = /(password|passwd|passphrase|secret|token|access[-_]?key|api[-_]?key|private[-_]?key|authorization|cookie|credentials?|cipher)$/i;

/** Placed where a secret was, so a reader sees a value was given without seeing it. */
export const REDACTED = '[redacted]';

/**
 * What an audit row may keep of `value` (metadata, before, after): the same
 * JSON with every secret-named field's value replaced, at any depth, in
 * arrays too. The audit log is read by every member of an organisation and
 * exported as CSV, so it must never hold a secret (SPEC 10), whatever a
 * caller passes.
 */
export function redactSecrets(value: Prisma.InputJsonValue): Prisma.InputJsonValue {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : redactSecrets(item as Prisma.InputJsonValue))) as Prisma.InputJsonArray;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Prisma.InputJsonValue | null> = {};
  for (const [key, v] of Object.entries(value as Record<string, Prisma.InputJsonValue | null | undefined>)) {
    if (v === undefined) continue;
    out[key] = SECRET_NAME.test(key) ? REDACTED : v === null ? null : redactSecrets(v);
  }
  return out;
}
