import { Prisma } from './generated/client';

/**
 * Which unique rule a write broke: the constraint or unique index by its
 * database name (`integrations_one_dms_per_org`, `users_email_key`), or the
 * columns it covers (database names, e.g. `['integration_id', 'document_type', 'version']`).
 */
export type UniqueRule = string | readonly string[];

interface UniqueMeta {
  /** The classic engine's P2002 meta: the constraint name or its fields. */
  target?: unknown;
  /** Prisma 7 with a driver adapter (pg): `cause.constraint` is `{ index }` when Postgres names it, else `{ fields }`. */
  driverAdapterError?: { cause?: { constraint?: { index?: unknown; fields?: unknown } } };
}

/**
 * True when `err` is Prisma's unique violation (P2002) of exactly this rule.
 * Callers turn only their own rule into a domain error: a violation of some
 * other unique constraint is a different problem and must not be reported
 * as, say, "this distributor already has a DMS integration".
 */
export function isUniqueViolation(err: unknown, rule: UniqueRule): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') return false;
  const meta = (err.meta ?? {}) as UniqueMeta;
  const constraint = meta.driverAdapterError?.cause?.constraint;
  const candidates = [constraint?.index, constraint?.fields, meta.target];
  return candidates.some((c) => matches(c, rule));
}

function matches(reported: unknown, rule: UniqueRule): boolean {
  if (typeof rule === 'string') return reported === rule;
  if (!Array.isArray(reported) || reported.length !== rule.length) return false;
  const want = new Set(rule);
  return reported.every((f) => typeof f === 'string' && want.has(f));
}
