import { z } from 'zod';
import { documentType, plainText } from './common';

// ---- SAP (docs/product/sap-contract.md): how a distributor connects its SAP --------------------

/** The two SAP products the portal pulls from: S/4HANA over OData V2, Business One over its Service Layer. */
export const sapProduct = z.enum(['S4HANA', 'BUSINESS_ONE']);
export type SapProduct = z.infer<typeof sapProduct>;

/** An http(s) URL without credentials or fragment; whether the server may fetch it is the outbound guard's call. */
export const sapUrl = plainText(500).refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.hash;
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL without user, password or #fragment', params: { errorCode: 'SAP_URL_INVALID' } },
);

const secret = z.string().min(1).max(500);

export const sapBasicAuth = z.strictObject({ type: z.literal('BASIC'), username: plainText(120), password: secret });
export const sapOAuthClientCredentials = z.strictObject({
  type: z.literal('OAUTH2_CLIENT_CREDENTIALS'),
  tokenUrl: sapUrl,
  clientId: plainText(200),
  clientSecret: secret,
});
export const sapAuth = z.discriminatedUnion('type', [sapBasicAuth, sapOAuthClientCredentials]);
export type SapAuth = z.infer<typeof sapAuth>;

/** Which document types to pull; all five when absent. */
const sapDocumentTypes = z.array(documentType).min(1).max(5).optional();

export const s4Connection = z.strictObject({
  product: z.literal('S4HANA'),
  /** Scheme, host and port (and a path prefix, if any) before `/sap/opu/odata/sap/…`. */
  baseUrl: sapUrl,
  /** The `sap-client` (three digits); the server's default client when absent. */
  sapClient: z
    .string()
    .regex(/^\d{3}$/, 'three digits, e.g. 100')
    .optional(),
  auth: sapAuth,
  documentTypes: sapDocumentTypes,
});
export const b1Connection = z.strictObject({
  product: z.literal('BUSINESS_ONE'),
  /** Scheme, host and port before `/b1s/v1/…`. */
  baseUrl: sapUrl,
  companyDb: plainText(100),
  username: plainText(120),
  password: secret,
  documentTypes: sapDocumentTypes,
});
/** Everything needed to reach one SAP, secrets included: stored sealed (AES-256-GCM), never returned. */
export const sapConnection = z.discriminatedUnion('product', [s4Connection, b1Connection]);
export type SapConnection = z.infer<typeof sapConnection>;
export type S4Connection = z.infer<typeof s4Connection>;
export type B1Connection = z.infer<typeof b1Connection>;

/** An SAP integration as screens show it: where it points and how it signs in, never a secret. */
export const sapSettings = z.object({
  product: sapProduct,
  baseUrl: z.string(),
  sapClient: z.string().nullable(),
  companyDb: z.string().nullable(),
  authType: z.enum(['BASIC', 'OAUTH2_CLIENT_CREDENTIALS', 'SERVICE_LAYER']),
  /** The user (Basic, Business One) or OAuth client id: not secret, shown so the distributor knows which account is used. */
  principal: z.string(),
  tokenUrl: z.string().nullable(),
  documentTypes: z.array(documentType),
});
export type SapSettings = z.infer<typeof sapSettings>;

/** The settings screens show for a connection (the stored `integrations.settings`). */
export function sapSettingsOf(c: SapConnection): SapSettings {
  const documentTypes = c.documentTypes ?? documentType.options;
  if (c.product === 'BUSINESS_ONE')
    return {
      product: c.product,
      baseUrl: c.baseUrl,
      sapClient: null,
      companyDb: c.companyDb,
      authType: 'SERVICE_LAYER',
      principal: c.username,
      tokenUrl: null,
      documentTypes,
    };
  return {
    product: c.product,
    baseUrl: c.baseUrl,
    sapClient: c.sapClient ?? null,
    companyDb: null,
    authType: c.auth.type,
    principal: c.auth.type === 'BASIC' ? c.auth.username : c.auth.clientId,
    tokenUrl: c.auth.type === 'OAUTH2_CLIENT_CREDENTIALS' ? c.auth.tokenUrl : null,
    documentTypes,
  };
}

// ---- test connection: what each service answered ------------------------------------------------

/** How one service answered a test: reachable (fields found), credentials refused, missing (404), or failing otherwise. */
export const sapServiceStatus = z.enum(['REACHABLE', 'CREDENTIALS_REFUSED', 'SERVICE_MISSING', 'UNREACHABLE', 'MALFORMED']);
export type SapServiceStatus = z.infer<typeof sapServiceStatus>;

/** SAP's own error as it sent it (Gateway: code, message, transaction id), kept for support. */
export const sapErrorDetail = z.object({
  code: z.string().nullable(),
  message: z.string().nullable(),
  transactionId: z.string().nullable(),
});
export type SapErrorDetail = z.infer<typeof sapErrorDetail>;

export const sapFieldFound = z.object({
  /** Property name as SAP writes it, items prefixed with their navigation (`to_Item/Material`). */
  name: z.string(),
  /** `sap:label`, or null when the property has none. */
  label: z.string().nullable(),
  edmType: z.string(),
});
export type SapFieldFound = z.infer<typeof sapFieldFound>;

export const sapServiceReport = z.object({
  documentType: documentType.nullable(),
  /** Service (S/4HANA, e.g. API_SALES_ORDER_SRV) or entity set (Business One, e.g. Orders). */
  service: z.string(),
  entitySet: z.string(),
  status: sapServiceStatus,
  /** HTTP status of the failing answer, when there was one. */
  httpStatus: z.number().int().nullable(),
  error: sapErrorDetail.nullable(),
  fields: z.array(sapFieldFound),
});
export type SapServiceReport = z.infer<typeof sapServiceReport>;

export const sapTestResponse = z.object({
  /** True when every requested document type's service is reachable with these credentials. */
  ok: z.boolean(),
  services: z.array(sapServiceReport),
});
export type SapTestResponse = z.infer<typeof sapTestResponse>;

/** `POST /api/integrations/sap/test` and `PUT /api/integrations/:id/sap-credentials`. */
export const sapTestBody = z.strictObject({ sap: sapConnection });
export type SapTestBody = z.infer<typeof sapTestBody>;
