import { type SyncErrorCode, syncErrorCodeOf, type SyncErrorParams } from '@portal/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { SapErrorDetail } from './sap-error-detail';
import { Button } from './ui/ui';

/** Params of a wrapping code (RETRIES_EXHAUSTED, RETRYING) that are not the wrapped failure's. */
const WRAPPER_PARAMS = new Set(['cause', 'attempts', 'attempt']);

/**
 * A sync run's error or an integration's state reason in the user's
 * language, from its stable code and params; null when there is no code the
 * SPA knows (UNKNOWN, or an older row without one): the caller then shows
 * the stored English text.
 */
export function syncErrorMessage(t: TFunction, code: SyncErrorCode | null, params: SyncErrorParams | null): string | null {
  if (!code || code === 'UNKNOWN') return null;
  const p = params ?? {};
  const values: Record<string, string | number> = { ...p };
  // Values that are codes themselves are translated too.
  if (typeof p.state === 'string') values.state = t(`state.${p.state}`, { defaultValue: p.state });
  if (typeof p.documentType === 'string') values.documentType = t(`docType.${p.documentType}`, { defaultValue: p.documentType });
  if (typeof p.cause === 'string') {
    // The wrapped failure's own params (e.g. the HTTP status) ride alongside the wrapper's.
    const own = Object.fromEntries(Object.entries(p).filter(([k]) => !WRAPPER_PARAMS.has(k)));
    values.cause = syncErrorMessage(t, syncErrorCodeOf(p.cause), own) ?? t('syncError.UNKNOWN');
  }
  return t(messageKey(code, p), values);
}

function messageKey(code: SyncErrorCode, p: SyncErrorParams): string {
  if (code === 'SOURCE_UNAVAILABLE' && p.status !== undefined) return 'syncError.SOURCE_UNAVAILABLE_status';
  // The distributor replaces refused SAP credentials itself, so the message says what to do.
  if (code === 'CREDENTIALS_REJECTED' && p.source === 'SAP') return 'syncError.CREDENTIALS_REJECTED_SAP';
  return `syncError.${code}`;
}

/** Refused SAP credentials, directly or as the failure a give-up wraps: the distributor can re-authenticate. */
function isSapCredentialsRejected(code: SyncErrorCode | null, params: SyncErrorParams | null): boolean {
  const failure = code === 'RETRIES_EXHAUSTED' || code === 'RETRYING' ? syncErrorCodeOf(typeof params?.cause === 'string' ? params.cause : null) : code;
  return failure === 'CREDENTIALS_REJECTED' && params?.source === 'SAP';
}

/** SAP's own error a connector kept on the failure (`sapCode`, `sapMessage`, `sapTransactionId`), or null. */
function sapErrorOf(params: SyncErrorParams | null) {
  const text = (v: string | number | undefined) => (v === undefined ? null : String(v));
  const sap = { code: text(params?.sapCode), message: text(params?.sapMessage), transactionId: text(params?.sapTransactionId) };
  return sap.code || sap.message || sap.transactionId ? sap : null;
}

/**
 * The translated reason; the stored English text stays reachable for support
 * behind a collapsed "detail" (shown beneath, it read as the same reason
 * twice, once in English); just the text when the code is unknown. SAP's own
 * error code, message and transaction id, when the failure kept them, show
 * beneath the reason; refused SAP credentials offer *Re-authenticate* where
 * the page can open it (`onReauthenticate`).
 */
export function SyncErrorText({
  code,
  params,
  text,
  className,
  onReauthenticate,
}: {
  code: SyncErrorCode | null;
  params: SyncErrorParams | null;
  text: string | null;
  className?: string;
  onReauthenticate?: () => void;
}) {
  const { t } = useTranslation();
  const message = syncErrorMessage(t, code, params);
  if (!message && !text) return null;
  const sap = sapErrorOf(params);
  return (
    <div className={className} data-error-code={code ?? undefined}>
      <div>{message ?? text}</div>
      {sap ? <SapErrorDetail code={sap.code} message={sap.message} transactionId={sap.transactionId} /> : null}
      {onReauthenticate && isSapCredentialsRejected(code, params) ? (
        <Button variant="secondary" className="btn-inline" onClick={onReauthenticate}>
          {t('sap.reauthenticate')}
        </Button>
      ) : null}
      {message && text ? (
        <details className="small muted error-detail">
          <summary>{t('syncError.detail')}</summary>
          <span lang="en">{text}</span>
        </details>
      ) : null}
    </div>
  );
}
