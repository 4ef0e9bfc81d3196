import { type DocumentType, documentType, type SyncRunStatus } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../lib/format';
import { SyncRunBadge } from './status-badges';

/** An integration's last sync: when, and how it ended; the same for distributors and admins. */
function LastSync({ at, status }: { at: string | null; status: SyncRunStatus | null }) {
  const { i18n } = useTranslation();
  return (
    <>
      {formatDateTime(at, i18n.language)} {status ? <SyncRunBadge status={status} /> : null}
    </>
  );
}

/** The last sync as a table cell. */
export function LastSyncCell(props: { at: string | null; status: SyncRunStatus | null }) {
  return (
    <td>
      <LastSync {...props} />
    </td>
  );
}

/** The last sync as a labelled figure of an integration's page. */
export function LastSyncStat(props: { at: string | null; status: SyncRunStatus | null }) {
  const { t } = useTranslation();
  return (
    <div className="stat">
      <span className="muted small">{t('integrations.lastSync')}</span>
      <span>
        <LastSync {...props} />
      </span>
    </div>
  );
}

/** How many documents an integration holds, all types together, as a numeric table cell. */
export function DocumentTotalCell({ counts }: { counts: Partial<Record<DocumentType, number>> }) {
  const { i18n } = useTranslation();
  return (
    <td className="num">
      {formatNumber(
        Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
        i18n.language,
      )}
    </td>
  );
}

/** How many documents an integration holds of each type, every type listed (zero included). */
export function DocumentCountsByType({ counts }: { counts: Partial<Record<DocumentType, number>> }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="type-counts" data-testid="document-counts">
      {documentType.options.map((type) => (
        <div key={type}>
          <dt>{t(`docType.${type}`)}</dt>
          <dd className="num">{formatNumber(counts[type] ?? 0, i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
