import { z } from 'zod';

export const organizationKind = z.enum(['DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM']);
export type OrganizationKind = z.infer<typeof organizationKind>;

export const documentType = z.enum(['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE', 'PURCHASE_INVOICE', 'PURCHASE_ORDER']);
export type DocumentType = z.infer<typeof documentType>;

/**
 * The one map between a document type and its slug: the name the DMS
 * contract gives the model (docs/product/dms-contract.md) and the ingest
 * path uses (`POST /api/ingest/sales-orders`).
 */
export const DOCUMENT_TYPE_SLUG = {
  SALES_ORDER: 'sales-orders',
  SALES_RETURN: 'sales-returns',
  SALES_INVOICE: 'sales-invoices',
  PURCHASE_INVOICE: 'purchase-invoices',
  PURCHASE_ORDER: 'purchase-orders',
} as const satisfies Record<DocumentType, string>;
export type DocumentTypeSlug = (typeof DOCUMENT_TYPE_SLUG)[DocumentType];
export const documentTypeSlug = z.enum(Object.values(DOCUMENT_TYPE_SLUG));

const TYPE_OF_SLUG = new Map<string, DocumentType>(documentType.options.map((t) => [DOCUMENT_TYPE_SLUG[t], t]));
/** The document type a slug names; undefined for any other name (a DMS may serve models the portal does not know). */
export function documentTypeOfSlug(slug: DocumentTypeSlug): DocumentType;
export function documentTypeOfSlug(slug: string): DocumentType | undefined;
export function documentTypeOfSlug(slug: string): DocumentType | undefined {
  return TYPE_OF_SLUG.get(slug);
}

export const uuidParam = z.strictObject({ id: z.uuid() });

// ---- input primitives: bad input is a 4xx at the contract, never a 500 in the database (issue 15) --

/** PostgreSQL text cannot hold U+0000; a NUL byte is refused where it arrives instead of failing the query. */
export const hasNul = (value: string): boolean => value.includes('\u0000');
const NO_NUL = { message: 'must not contain NUL characters (\\u0000)' };

/** Text a user or a system sends: trimmed, within bounds, no NUL byte. */
export const plainText = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !hasNul(v), NO_NUL);
/** Text kept as given (no trimming: template values, separators), no NUL byte. */
export const rawText = () => z.string().refine((v) => !hasNul(v), NO_NUL);

// Years 1-9999: PostgreSQL has no year 0, and a date outside them is no business date.
const FIRST_INSTANT = Date.UTC(1, 0, 1) - 14 * 3600_000;
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 14 * 3600_000;

/** A real calendar day, yyyy-MM-dd: month 13, 30 February and year 0 are refused, not rolled over. */
export const calendarDate = z.iso.date('expected a real calendar date, yyyy-MM-dd').refine((v) => !v.startsWith('0000'), 'expected a year from 0001');

/** An ISO 8601 instant with its offset, within years 1-9999. */
export const isoInstant = z.iso.datetime({ offset: true }).refine((v) => {
  const t = Date.parse(v);
  return t >= FIRST_INSTANT && t <= LAST_INSTANT;
}, 'expected a date-time within years 0001-9999');

/**
 * A whole number in a query string: decimal digits only, so `0x10`, `1e1`,
 * ` 16` and `16.0` are refused rather than read as 16 (JavaScript's Number()
 * would). Numbers are taken as they are (typed clients pass them).
 */
export const queryInt = (min: number, max: number, fallback: number) =>
  z
    .union([z.int().min(min).max(max), z.string().regex(/^\d{1,9}$/, 'expected a whole number in decimal digits')])
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .default(fallback);

/** Every list answers `{ data, nextCursor, total? }` (docs/product/http-api.md). */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });

/** Stable machine-readable error codes; the SPA translates them. */
export const errorCode = z.enum([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'EMAIL_TAKEN',
  'DMS_INTEGRATION_EXISTS',
  'ACCESS_KEY_FORMAT',
  'ACCESS_KEY_REJECTED',
  'DMS_UNREACHABLE',
  'INVALID_STATE',
  'INVITE_GONE',
  'ALREADY_CONNECTED',
  'INVITE_LINK_UNAVAILABLE',
  'RATE_LIMITED',
  'CSRF_REJECTED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'SAP_URL_INVALID',
  /** The SAP test failed (unreachable, credentials refused, a service missing): details carry the per-service report. */
  'SAP_TEST_FAILED',
  /** A URL the server was asked to fetch resolves to a private, loopback, link-local or metadata address. */
  'OUTBOUND_ADDRESS_REFUSED',
  'NOT_AN_SAP_INTEGRATION',
  'IMPORT_FILE_INVALID',
  'IMPORT_FILE_TOO_LARGE',
  'INVALID_CURSOR',
  'UNSAFE_TEMPLATE_PATH',
  'MALFORMED_URL',
  'URL_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
  /** The caller's role lacks the endpoint's permission (packages/contracts/src/permissions.ts). */
  'ROLE_FORBIDDEN',
  /** The change would leave the organisation without an owner. */
  'LAST_OWNER',
  /** Nobody changes their own role or removes themselves. */
  'OWN_MEMBERSHIP',
  /** Only an owner grants or takes away OWNER. */
  'OWNER_ONLY',
  /** A password reset link nobody issued (or mistyped). */
  'RESET_LINK_INVALID',
  /** A password reset link already used once. */
  'RESET_LINK_USED',
  /** A password reset link past its 30 minutes. */
  'RESET_LINK_EXPIRED',
  /** Change password: the current password given is not the account's. */
  'CURRENT_PASSWORD_WRONG',
  /** A bearer caller (API key, OAuth access token) without a scope the endpoint names. */
  'INSUFFICIENT_SCOPE',
  /** An expiry in the past when creating an API key. */
  'EXPIRY_IN_PAST',
  /** A webhook URL over plain http where the server may only reach public addresses (https required). */
  'WEBHOOK_URL_INSECURE',
  /** Another SKU of the principal's catalogue already has this code. */
  'SKU_CODE_TAKEN',
  /** A catalogue import with an invalid row writes nothing: details carry the rows' errors. */
  'SKU_IMPORT_ROWS_INVALID',
  /** Product mapping: the distributor is not connected to this principal (or the connection was revoked). */
  'DISTRIBUTOR_NOT_CONNECTED',
  /** Product mapping: the SKU is not in the principal's catalogue. */
  'SKU_NOT_FOUND',
  /** Insight: the range is longer than the granularity allows (day: 92 days, week: 53 weeks, month: 36 months). */
  'INSIGHT_RANGE_TOO_LONG',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const errorEnvelope = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;
