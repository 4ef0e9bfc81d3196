import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { Button, PageHeader } from '../../../components/ui/ui';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useAdminIntegrations } from '../api/admin';
import { AdminSyncRuns } from '../components/admin-sync-runs';
import { IntegrationStateBadge, SyncRunBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';

export function AdminIntegrationsPage() {
  const { t, i18n } = useTranslation();
  const list = useAdminIntegrations();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('admin.integrationsTitle')} subtitle={t('admin.integrationsSubtitle')} />
      <ListState query={list} empty={t('admin.noIntegrations')}>
        {(rows) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('admin.distributor')}</th>
                <th>{t('integrations.name')}</th>
                <th>{t('integrations.kind')}</th>
                <th>{t('integrations.state')}</th>
                <th>{t('integrations.lastSync')}</th>
                <th className="num">{t('integrations.documents')}</th>
                <th>{t('syncRuns.runs')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <Fragment key={i.id}>
                  <tr>
                    <td>{i.organization.name}</td>
                    <td>{i.name}</td>
                    <td>{t(`integrationKind.${i.kind}`)}</td>
                    <td>
                      <IntegrationStateBadge state={i.state} />
                      <SyncErrorText className="small muted" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
                    </td>
                    <td>
                      {formatDateTime(i.lastSyncAt, i18n.language)} {i.lastSyncStatus ? <SyncRunBadge status={i.lastSyncStatus} /> : null}
                    </td>
                    <td className="num">
                      {formatNumber(
                        Object.values(i.documentCounts).reduce((a, b) => a + (b ?? 0), 0),
                        i18n.language,
                      )}
                    </td>
                    <td>
                      {i.kind === 'DMS' ? (
                        <Button variant="ghost" aria-expanded={open === i.id} onClick={() => setOpen(open === i.id ? null : i.id)}>
                          {open === i.id ? t('syncRuns.hideRuns') : t('syncRuns.showRuns')}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                  {open === i.id ? (
                    <tr>
                      <td colSpan={7}>
                        <AdminSyncRuns integrationId={i.id} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </ListState>
    </>
  );
}
