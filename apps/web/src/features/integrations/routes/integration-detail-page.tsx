import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, EmptyState, ErrorAlert, Notice, PageHeader } from '../../../components/ui/ui';
import { useIntegration, useIntegrationAction, useSyncRuns, useTemplates } from '../api/integrations';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { ImportDocuments } from '../components/import-documents';
import { IntegrationSyncRuns } from '../components/integration-sync-runs';
import { TemplateCard } from '../components/template-editor';

export function IntegrationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const integration = useIntegration(id);
  const runs = useSyncRuns(id);
  const templates = useTemplates(id);
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
              {i.kind === 'DMS' && i.state === 'ACTIVE' ? (
                <Button busy={action.isPending && action.variables === 'sync'} onClick={() => action.mutate('sync', { onSuccess: () => void runs.refetch() })}>
                  {t('integrations.syncNow')}
                </Button>
              ) : null}
              <Button variant="secondary" onClick={() => action.mutate(i.state === 'DISABLED' ? 'enable' : 'disable', { onSuccess: () => void integration.refetch() })}>
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
            {templates.data && templates.data.data.length === 0 ? <EmptyState>{t('integrations.noTemplates')}</EmptyState> : null}
            {/* Keyed by type, not id: a saved version replaces the template but keeps its card open. */}
            {templates.data?.data.map((tpl) => (
              <TemplateCard key={tpl.documentType} template={tpl} canSync={i?.kind === 'DMS' && i.state === 'ACTIVE'} />
            ))}
          </section>
        </>
      )}
    </>
  );
}
