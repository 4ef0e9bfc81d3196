import type { SyncErrorCode, SyncErrorParams } from '@portal/contracts';
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

/** The failure a source call (or anything else a run threw) stands for; `source` names the kind (DMS, …) for the message. */
export function failureOf(err: unknown): SyncFailure {
  const detail = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ConnectorError)) return { code: 'UNKNOWN', detail };
  const source = err.source;
  switch (err.fault.kind) {
    case 'credentials-rejected':
      return { code: 'CREDENTIALS_REJECTED', params: { source }, detail };
    case 'unavailable':
      return { code: 'SOURCE_UNAVAILABLE', params: { source, ...(err.fault.status ? { status: err.fault.status } : {}) }, detail };
    case 'rate-limited':
      return { code: 'SOURCE_RATE_LIMITED', params: { source }, detail };
    case 'malformed':
      return { code: 'SOURCE_MALFORMED', params: { source }, detail };
  }
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
