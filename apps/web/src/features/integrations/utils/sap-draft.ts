import { type DocumentType, documentType, type SapConnection, sapConnection, type SapSettings } from '@portal/contracts';
import type { TFunction } from 'i18next';
import type { core } from 'zod';
import { issueMessages } from '../../../lib/form-errors';

/**
 * The SAP form's values as typed, flat: one box per field of either product,
 * so switching product or auth keeps what was typed in the other's boxes.
 * Secrets start empty and are never filled from a stored integration.
 */
export interface SapDraft {
  product: SapConnection['product'];
  baseUrl: string;
  sapClient: string;
  authType: 'BASIC' | 'OAUTH2_CLIENT_CREDENTIALS';
  username: string;
  password: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  companyDb: string;
  documentTypes: DocumentType[];
}
export type SapDraftField = Exclude<keyof SapDraft, 'product' | 'authType'>;

export const emptySapDraft = (): SapDraft => ({
  product: 'S4HANA',
  baseUrl: '',
  sapClient: '',
  authType: 'BASIC',
  username: '',
  password: '',
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  companyDb: '',
  documentTypes: [...documentType.options],
});

/** A stored integration's settings as the re-authenticate form starts: everything but the secrets. */
export function sapDraftFromSettings(s: SapSettings): SapDraft {
  const oauth = s.authType === 'OAUTH2_CLIENT_CREDENTIALS';
  return {
    ...emptySapDraft(),
    product: s.product,
    baseUrl: s.baseUrl,
    sapClient: s.sapClient ?? '',
    authType: oauth ? 'OAUTH2_CLIENT_CREDENTIALS' : 'BASIC',
    username: oauth ? '' : s.principal,
    clientId: oauth ? s.principal : '',
    tokenUrl: s.tokenUrl ?? '',
    companyDb: s.companyDb ?? '',
    documentTypes: [...s.documentTypes],
  };
}

/** The connection the draft describes, in the contract's shape (before validation): only the chosen product's and auth's fields. */
export function sapConnectionInput(d: SapDraft): unknown {
  const documentTypes = documentType.options.filter((t) => d.documentTypes.includes(t));
  if (d.product === 'BUSINESS_ONE')
    return { product: d.product, baseUrl: d.baseUrl.trim(), companyDb: d.companyDb.trim(), username: d.username.trim(), password: d.password, documentTypes };
  return {
    product: d.product,
    baseUrl: d.baseUrl.trim(),
    ...(d.sapClient.trim() ? { sapClient: d.sapClient.trim() } : {}),
    auth:
      d.authType === 'BASIC'
        ? { type: 'BASIC', username: d.username.trim(), password: d.password }
        : { type: 'OAUTH2_CLIENT_CREDENTIALS', tokenUrl: d.tokenUrl.trim(), clientId: d.clientId.trim(), clientSecret: d.clientSecret },
    documentTypes,
  };
}

/** The form field a contract issue points at (`auth.password` → password, `auth.clientSecret` → clientSecret). */
function fieldOf(path: readonly PropertyKey[]): SapDraftField | 'documentTypes' {
  const last = path[0] === 'auth' ? path[1] : path[0];
  return (typeof last === 'string' ? last : 'baseUrl') as SapDraftField;
}

/**
 * The draft checked by the contract's own schema: the connection to test, or
 * one translated message per field (a bad URL and a bad sap-client say what is
 * expected rather than the general "check your input").
 */
export function parseSapDraft(d: SapDraft, t: TFunction): { ok: true; connection: SapConnection } | { ok: false; errors: Record<string, string> } {
  const parsed = sapConnection.safeParse(sapConnectionInput(d));
  if (parsed.success) return { ok: true, connection: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ ...i, path: [fieldOf(i.path)] }) as core.$ZodIssue);
  const errors = issueMessages(issues, d as unknown as Record<string, unknown>, t);
  for (const issue of issues) {
    const field = issue.path[0] as SapDraftField | 'documentTypes';
    const value = field === 'documentTypes' ? null : d[field];
    const filled = typeof value === 'string' && value.trim() !== '';
    if ((field === 'baseUrl' || field === 'tokenUrl') && filled) errors[field] = t('errors.SAP_URL_INVALID');
    if (field === 'sapClient') errors[field] = t('sap.sapClientFormat');
    if (field === 'documentTypes') errors[field] = t('sap.documentTypesRequired');
  }
  return { ok: false, errors };
}

/**
 * Which URL box a refused outbound address belongs to: the token URL's when
 * the refused host is its host and not the base URL's, else the base URL's.
 */
export function refusedUrlField(d: SapDraft, details: unknown): 'baseUrl' | 'tokenUrl' {
  const host = typeof details === 'object' && details !== null && 'host' in details ? String(details.host) : null;
  const hostOf = (url: string) => {
    try {
      return new URL(url).hostname;
    } catch {
      return null;
    }
  };
  const oauth = d.product === 'S4HANA' && d.authType === 'OAUTH2_CLIENT_CREDENTIALS';
  return oauth && host !== null && hostOf(d.tokenUrl) === host && hostOf(d.baseUrl) !== host ? 'tokenUrl' : 'baseUrl';
}
