import { type Integration, isPulledKind } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { DocumentCountsByType, LastSyncStat } from '../../../components/integration-cells';
import { formatDateTime } from '../../../lib/format';
import { useSyncSchedule } from '../api/integrations';
import { SapSettingsSummary } from './sap-settings-summary';

/** The integration at a glance: documents per type, last and next sync; for SAP, where it points and which account signs in. */
export function IntegrationSummary({ integration: i }: { integration: Integration }) {
  const { t, i18n } = useTranslation();
  const pulled = isPulledKind(i.kind);
  const schedule = useSyncSchedule(i.id, pulled && i.state === 'ACTIVE');
  const next = pulled && i.state === 'ACTIVE' ? schedule.data?.nextSyncAt : null;
  return (
    <>
      {i.sap ? <SapSettingsSummary settings={i.sap} /> : null}
      <div className="stats" data-testid="integration-summary">
        <LastSyncStat at={i.lastSyncAt} status={i.lastSyncStatus} />
        {pulled ? (
          <div className="stat">
            <span className="muted small">{t('integrations.nextSync')}</span>
            <span data-testid="next-sync">{next ? formatDateTime(next, i18n.language) : t('integrations.noNextSync')}</span>
          </div>
        ) : null}
        <div className="stat">
          <span className="muted small">{t('integrations.documentsPerType')}</span>
          <DocumentCountsByType counts={i.documentCounts} />
        </div>
      </div>
    </>
  );
}
