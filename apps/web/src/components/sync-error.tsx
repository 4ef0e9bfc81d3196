import { type SyncErrorCode, syncErrorCodeOf, type SyncErrorParams } from '@portal/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

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
  const key = code === 'SOURCE_UNAVAILABLE' && p.status !== undefined ? 'syncError.SOURCE_UNAVAILABLE_status' : `syncError.${code}`;
  return t(key, values);
}

/**
 * The translated reason; the stored English text stays reachable for support
 * behind a collapsed "detail" (shown beneath, it read as the same reason
 * twice, once in English); just the text when the code is unknown.
 */
export function SyncErrorText({
  code,
  params,
  text,
  className,
}: {
  code: SyncErrorCode | null;
  params: SyncErrorParams | null;
  text: string | null;
  className?: string;
}) {
  const { t } = useTranslation();
  const message = syncErrorMessage(t, code, params);
  if (!message && !text) return null;
  return (
    <div className={className} data-error-code={code ?? undefined}>
      <div>{message ?? text}</div>
      {message && text ? (
        <details className="small muted error-detail">
          <summary>{t('syncError.detail')}</summary>
          <span lang="en">{text}</span>
        </details>
      ) : null}
    </div>
  );
}
