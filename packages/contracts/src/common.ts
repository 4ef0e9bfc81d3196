import { z } from 'zod';

export const organizationKind = z.enum(['DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM']);
export type OrganizationKind = z.infer<typeof organizationKind>;

export const membershipRole = z.enum(['OWNER', 'MEMBER']);

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
  'SAP_NOT_AVAILABLE',
  'IMPORT_FILE_INVALID',
  'INTERNAL',
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
