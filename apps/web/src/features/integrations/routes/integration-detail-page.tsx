import { pullRefusal } from '@portal/contracts';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, ErrorAlert, Notice, PageHeader } from '../../../components/ui/ui';
import { syncRunsQueryOptions, useIntegration, useIntegrationAction, useSyncRuns } from '../api/integrations';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { ImportDocuments } from '../components/import-documents';
import { IntegrationSyncRuns } from '../components/integration-sync-runs';

/** What the page gives its model-templates slot. */
export interface TemplatesSlotProps {
  integrationId: string;
  /** Re-consolidation queues runs, so it is offered only while the integration may sync. */
  canSync: boolean;
  /** Refreshes this page's runs once re-consolidation queued some. */
  onRunsQueued: () => Promise<void>;
}

/**
 * One integration: its state and actions, its sync runs (or, for External,
 * the file import) and its model templates. The templates belong to the
 * model-templates feature: the app composes them in through `templates`, so
 * the two features do not import each other.
 */
export function IntegrationDetailPage({ templates }: { templates: (slot: TemplatesSlotProps) => ReactNode }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const integration = useIntegration(id);
  const runs = useSyncRuns(id);
  const action = useIntegrationAction(id);
  const i = integration.data;

  return (
    <>
      <p className="small breadcrumb">
        <Link to="/integrations">← {t('nav.integrations')}</Link>
      </p>
      <PageHeader
        title={i?.name ?? t('common.loading')}
        subtitle={i ? `${t(`integrationKind.${i.kind}`)}${i.accessKey ? ` · ${t('integrations.accessKey')} ${i.accessKey.masked}` : ''}` : undefined}
        actions={
          i ? (
            <>
              {pullRefusal(i) === null ? (
                <Button busy={action.isPending && action.variables === 'sync'} onClick={() => action.mutate('sync', { onSuccess: () => void runs.refetch() })}>
                  {t('integrations.syncNow')}
                </Button>
              ) : null}
              <Button
                variant="secondary"
                onClick={() => action.mutate(i.state === 'DISABLED' ? 'enable' : 'disable', { onSuccess: () => void integration.refetch() })}
              >
                {i.state === 'DISABLED' ? t('integrations.enable') : t('integrations.disable')}
              </Button>
              <Button
                variant="danger"
                onClick={() => window.confirm(t('integrations.confirmDelete')) && action.mutate('delete', { onSuccess: () => void navigate('/integrations') })}
              >
                {t('common.delete')}
              </Button>
            </>
          ) : null
        }
      />
      <ErrorAlert error={integration.error ?? action.error} />
      {action.isSuccess && action.variables === 'sync' ? <Notice>{t('integrations.syncQueued')}</Notice> : null}
      {i ? (
        <div className="state-line">
          <IntegrationStateBadge state={i.state} />
          <SyncErrorText className="field-error" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
        </div>
      ) : null}

      {i?.kind === 'EXTERNAL' ? (
        // External integrations are not pulled: documents arrive through the API or a file import.
        <section className="section">
          <h2>{t('externalImport.title')}</h2>
          <ImportDocuments integrationId={id} disabled={i.state === 'DISABLED'} />
        </section>
      ) : (
        <>
          <section className="section">
            <h2>{t('integrations.runs')}</h2>
            <IntegrationSyncRuns integrationId={id} />
          </section>

          <section className="section">
            <h2>{t('integrations.templates')}</h2>
            {templates({
              integrationId: id,
              canSync: i ? pullRefusal(i) === null : false,
              onRunsQueued: () => qc.invalidateQueries({ queryKey: syncRunsQueryOptions(id).queryKey }),
            })}
          </section>
        </>
      )}
    </>
  );
}
