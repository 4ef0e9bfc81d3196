import { z } from 'zod';

export const organizationKind = z.enum(['DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM']);
export type OrganizationKind = z.infer<typeof organizationKind>;

export const membershipRole = z.enum(['OWNER', 'MEMBER']);

export const documentType = z.enum([
  'SALES_ORDER',
  'SALES_RETURN',
  'SALES_INVOICE',
  'PURCHASE_INVOICE',
  'PURCHASE_ORDER',
]);
export type DocumentType = z.infer<typeof documentType>;

export const uuidParam = z.strictObject({ id: z.uuid() });

/** Every list answers `{ data, nextCursor, total? }` (SPEC 7). */
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
  'RATE_LIMITED',
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
