import type { RecordFailureCode, RecordFailureParams } from '@portal/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * Why a source record failed its template, in the reader's language, from
 * its code and params (field, line, value…); null for a record quarantined
 * before codes existed, or one whose code this build does not know.
 */
export function recordFailureMessage(t: TFunction, code: RecordFailureCode | null, params: RecordFailureParams | null): string | null {
  if (!code || code === 'UNKNOWN') return null;
  const p = params ?? {};
  const message = t(`syncRuns.recordFailure.${code}`, { ...p });
  // The line a failure is on leads, unless the message already names it.
  return typeof p.line === 'number' && code !== 'LINE_WITHOUT_PRODUCT' ? t('syncRuns.recordFailureOnLine', { line: p.line, message }) : message;
}

/** The translated reason, with the stored English reason behind a collapsed detail for support; the English alone when there is no code. */
export function RecordFailureText({ code, params, reason }: { code: RecordFailureCode | null; params: RecordFailureParams | null; reason: string }) {
  const { t } = useTranslation();
  const message = recordFailureMessage(t, code, params);
  if (!message) return <>{reason}</>;
  return (
    <div data-failure-code={code ?? undefined}>
      <div>{message}</div>
      <details className="small muted error-detail">
        <summary>{t('syncError.detail')}</summary>
        <span lang="en">{reason}</span>
      </details>
    </div>
  );
}
