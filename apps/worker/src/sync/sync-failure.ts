import type { SyncErrorCode, SyncErrorParams } from '@portal/contracts';
import { Prisma } from '@portal/db';
import { DmsAuthError, DmsProtocolError, DmsRateLimitError, DmsUnavailableError } from '@portal/dms-client';

/**
 * Why a run failed or an integration is in ERROR: a stable code (+ params)
 * the SPA translates, and the English detail kept for logs and support.
 */
export interface SyncFailure {
  code: SyncErrorCode;
  params?: SyncErrorParams;
  detail: string;
}

/** The failure a DMS call (or anything else a run threw) stands for. */
export function failureOf(err: unknown): SyncFailure {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof DmsAuthError) return { code: 'ACCESS_KEY_REJECTED', detail: 'AccessKey rejected' };
  if (err instanceof DmsUnavailableError) return { code: 'DMS_UNAVAILABLE', ...(err.status ? { params: { status: err.status } } : {}), detail };
  if (err instanceof DmsRateLimitError) return { code: 'DMS_RATE_LIMITED', detail };
  if (err instanceof DmsProtocolError) return { code: 'DMS_PROTOCOL_ERROR', detail };
  return { code: 'UNKNOWN', detail };
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

/** The integrations columns of a failure. */
export function stateReasonColumns(f: SyncFailure) {
  return { stateReason: f.detail, stateReasonCode: f.code, stateReasonParams: f.params ?? Prisma.DbNull };
}
