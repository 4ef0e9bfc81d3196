import { isPulledKind } from '@portal/contracts';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListTable } from '../../../components/ui/list-state';
import { Button, PageHeader } from '../../../components/ui/ui';
import { useAdminIntegrations } from '../api/admin';
import { AdminSyncRuns } from '../components/admin-sync-runs';
import { DocumentTotalCell, LastSyncCell } from '../../../components/integration-cells';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';

export function AdminIntegrationsPage() {
  const { t } = useTranslation();
  const list = useAdminIntegrations();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('admin.integrationsTitle')} subtitle={t('admin.integrationsSubtitle')} />
      <ListTable
        query={list}
        empty={t('admin.noIntegrations')}
        columns={[
          t('admin.distributor'),
          t('integrations.name'),
          t('integrations.kind'),
          t('integrations.state'),
          t('integrations.lastSync'),
          { label: t('integrations.documents'), className: 'num' },
          t('syncRuns.runs'),
        ]}
      >
        {(rows) =>
          rows.map((i) => (
            <Fragment key={i.id}>
              <tr>
                <td>{i.organization.name}</td>
                <td>{i.name}</td>
                <td>{t(`integrationKind.${i.kind}`)}</td>
                <td>
                  <IntegrationStateBadge state={i.state} />
                  <SyncErrorText className="small muted" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
                </td>
                <LastSyncCell at={i.lastSyncAt} status={i.lastSyncStatus} />
                <DocumentTotalCell counts={i.documentCounts} />
                <td>
                  {isPulledKind(i.kind) ? (
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
          ))
        }
      </ListTable>
    </>
  );
}
