import { CREDENTIAL_TEXTS, type PulledKind, type SapErrorDetail, type SyncErrorCode, type SyncErrorParams } from '@portal/contracts';
import { Prisma } from '@portal/db';
import { ConnectorError } from '@portal/connectors';

/**
 * Why a run failed or an integration is in ERROR: a stable code (+ params)
 * the SPA translates, and the English detail kept for logs and support.
 */
export interface SyncFailure {
  code: SyncErrorCode;
  params?: SyncErrorParams;
  detail: string;
}

/**
 * The failure a source call (or anything else a run threw) stands for;
 * `source` names the kind (DMS, …) for the message. The source's own error
 * (SAP's code, message and transaction id) goes along in the params and the
 * detail, so support can find it in SAP's logs.
 */
export function failureOf(err: unknown): SyncFailure {
  const detail = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ConnectorError)) return { code: 'UNKNOWN', detail };
  const source = err.source;
  const own = sourceErrorOf(err.sourceError, detail);
  const withOwn = (code: SyncErrorCode, params: SyncErrorParams): SyncFailure => ({ code, params: { ...params, ...own.params }, detail: detail + own.text });
  switch (err.fault.kind) {
    case 'credentials-rejected':
      return withOwn('CREDENTIALS_REJECTED', { source });
    case 'unavailable':
      return withOwn('SOURCE_UNAVAILABLE', { source, ...(err.fault.status ? { status: err.fault.status } : {}) });
    case 'rate-limited':
      return withOwn('SOURCE_RATE_LIMITED', { source });
    case 'malformed':
      return withOwn('SOURCE_MALFORMED', { source });
  }
}

/**
 * Why an integration whose credentials the source rejected is parked: the
 * kind's own words ("AccessKey rejected", "SAP credentials rejected"), the
 * same for every rejection; the run itself keeps the source's detail.
 */
export function credentialsRejected(source: PulledKind): SyncFailure {
  return { code: 'CREDENTIALS_REJECTED', params: { source }, detail: CREDENTIAL_TEXTS[source].rejected };
}

/** SAP's error as params (only the parts it sent) and as text appended to the detail, unless the detail already says it. */
function sourceErrorOf(e: SapErrorDetail | null, detail: string): { params: SyncErrorParams; text: string } {
  if (!e) return { params: {}, text: '' };
  const params: SyncErrorParams = {
    ...(e.code ? { sapCode: e.code } : {}),
    ...(e.message ? { sapMessage: e.message } : {}),
    ...(e.transactionId ? { sapTransactionId: e.transactionId } : {}),
  };
  const parts = [
    e.code && !detail.includes(e.code) ? `code ${e.code}` : null,
    e.message && !detail.includes(e.message) ? e.message : null,
    e.transactionId && !detail.includes(e.transactionId) ? `transaction ${e.transactionId}` : null,
  ].filter((p): p is string => p !== null);
  return { params, text: parts.length ? ` (SAP: ${parts.join('; ')})` : '' };
}

/**
 * A failure that wraps another (retries exhausted, a retry under way): the
 * inner code goes along as `cause` with its own params, so the SPA can say
 * "failed after 5 attempts: the DMS cannot be reached (HTTP 503)".
 */
export function wrapFailure(code: SyncErrorCode, inner: SyncFailure, params: SyncErrorParams, detail: string): SyncFailure {
  return { code, params: { ...inner.params, ...params, cause: inner.code }, detail };
}

/** The sync_runs columns of a failure (or of none). */
export function runErrorColumns(f: SyncFailure | null) {
  return { error: f?.detail ?? null, errorCode: f?.code ?? null, errorParams: f?.params ?? Prisma.DbNull };
}
