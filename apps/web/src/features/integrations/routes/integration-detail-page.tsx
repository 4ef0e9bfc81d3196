import { pullRefusal } from '@portal/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Button, ErrorAlert, PageHeader, useErrorMessage } from '../../../components/ui/ui';
import { type IntegrationAction, integrationQueryOptions, syncRunsQueryOptions, useIntegration, useIntegrationAction } from '../api/integrations';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { ImportDocuments } from '../components/import-documents';
import { IngestionKeyPanel } from '../components/ingestion-key-panel';
import { IntegrationSummary } from '../components/integration-summary';
import { IntegrationSyncRuns } from '../components/integration-sync-runs';
import { RenameIntegrationButton } from '../components/rename-integration-dialog';
import { SapReauthenticateDialog } from '../components/sap-reauthenticate-dialog';
import { usePermission } from '../../../lib/permissions';

/** What the page gives its model-templates slot. */
export interface TemplatesSlotProps {
  integrationId: string;
  /** Re-consolidation queues runs, so it is offered only while the integration may sync. */
  canSync: boolean;
  /** Refreshes this page's runs once re-consolidation queued some. */
  onRunsQueued: () => Promise<void>;
}

const DONE_KEYS: Record<IntegrationAction, string> = {
  sync: 'integrations.syncQueued',
  disable: 'integrations.disabledDone',
  enable: 'integrations.enabledDone',
  delete: 'integrations.deleted',
};

/**
 * One integration: its state and actions, what it holds, its sync runs (or,
 * for External, its API key and the file import) and its model templates.
 * The templates belong to the model-templates feature: the app composes them
 * in through `templates`, so the two features do not import each other.
 */
export function IntegrationDetailPage({ templates }: { templates: (slot: TemplatesSlotProps) => ReactNode }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const manage = usePermission('integrations:manage');
  const sync = usePermission('integrations:sync');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const integration = useIntegration(id);
  const action = useIntegrationAction(id);
  const i = integration.data;
  const [reauthOpen, setReauthOpen] = useState(false);
  // SAP credentials are the distributor's own to replace (a DMS AccessKey is the admin's).
  const reauthenticate = i?.sap ? () => setReauthOpen(true) : undefined;
  const run = (a: IntegrationAction) =>
    action.mutate(a, {
      onSuccess: () => {
        toast.success(t(DONE_KEYS[a], { name: i?.name ?? '' }));
        if (a === 'delete') void navigate('/integrations');
      },
      onError: (err) => toast.error(message(err)),
    });
  const busy = (a: IntegrationAction) => action.isPending && action.variables === a;
  // A state change seen by the live refetch (the admin's AccessKey, an error, a disable elsewhere) also
  // changes what hangs under the integration: its templates, schedule and runs. Refresh them all once.
  const seenState = useRef(i?.state);
  useEffect(() => {
    if (!i) return;
    if (seenState.current !== undefined && seenState.current !== i.state) void qc.invalidateQueries({ queryKey: integrationQueryOptions(id).queryKey });
    seenState.current = i.state;
  }, [i, id, qc]);

  return (
    <>
      <p className="small breadcrumb">
        <Link to="/integrations">← {t('integrations.title')}</Link>
      </p>
      <PageHeader
        title={i?.name ?? t('common.loading')}
        subtitle={i ? `${t(`integrationKind.${i.kind}`)}${i.accessKey ? ` · ${t('integrations.accessKey')} ${i.accessKey.masked}` : ''}` : undefined}
        actions={
          i ? (
            <>
              {pullRefusal(i) === null ? (
                <Button busy={busy('sync')} disabled={!sync.allowed} title={sync.reason} onClick={() => run('sync')}>
                  {t('integrations.syncNow')}
                </Button>
              ) : null}
              {reauthenticate ? (
                <Button variant="secondary" onClick={reauthenticate}>
                  {t('sap.reauthenticate')}
                </Button>
              ) : null}
              <RenameIntegrationButton integrationId={id} name={i.name} />
              {i.state === 'DISABLED' ? (
                <Button variant="secondary" busy={busy('enable')} disabled={!manage.allowed} title={manage.reason} onClick={() => run('enable')}>
                  {t('integrations.enable')}
                </Button>
              ) : (
                <ConfirmButton
                  variant="secondary"
                  busy={busy('disable')}
                  disabled={!manage.allowed}
                  disabledReason={manage.reason}
                  title={t('integrations.disable')}
                  message={t('integrations.confirmDisable', { name: i.name })}
                  confirmLabel={t('integrations.disable')}
                  onConfirm={() => run('disable')}
                >
                  {t('integrations.disable')}
                </ConfirmButton>
              )}
              <ConfirmButton
                busy={busy('delete')}
                disabled={!manage.allowed}
                disabledReason={manage.reason}
                title={t('integrations.deleteTitle')}
                message={t('integrations.confirmDelete', { name: i.name })}
                confirmLabel={t('common.delete')}
                onConfirm={() => run('delete')}
              >
                {t('common.delete')}
              </ConfirmButton>
            </>
          ) : null
        }
      />
      <ErrorAlert error={integration.error} onRetry={integration.refetch} />
      {i ? (
        <>
          <div className="state-line">
            <IntegrationStateBadge state={i.state} />
            <SyncErrorText
              className="field-error"
              code={i.stateReasonCode}
              params={i.stateReasonParams}
              text={i.stateReason}
              onReauthenticate={reauthenticate}
            />
          </div>
          <IntegrationSummary integration={i} />
          <SapReauthenticateDialog integration={i} open={reauthOpen} onClose={() => setReauthOpen(false)} />
        </>
      ) : null}

      {i?.kind === 'EXTERNAL' ? (
        // External integrations are not pulled: documents arrive through the API or a file import.
        <>
          <section className="section">
            <h2>{t('integrations.apiKeySection')}</h2>
            <IngestionKeyPanel integrationId={id} />
          </section>
          <section className="section">
            <h2>{t('externalImport.title')}</h2>
            <ImportDocuments integrationId={id} disabled={i.state === 'DISABLED'} />
          </section>
        </>
      ) : i ? (
        <>
          <section className="section">
            <h2>{t('integrations.runs')}</h2>
            <IntegrationSyncRuns integration={i} onReauthenticate={reauthenticate} />
          </section>

          <section className="section">
            <h2>{t('integrations.templates')}</h2>
            {templates({
              integrationId: id,
              canSync: pullRefusal(i) === null,
              onRunsQueued: () => qc.invalidateQueries({ queryKey: syncRunsQueryOptions(id).queryKey }),
            })}
          </section>
        </>
      ) : null}
    </>
  );
}
