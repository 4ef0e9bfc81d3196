import type { ModelTemplate } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Badge, Button, EmptyState, ErrorAlert, Notice, PageHeader } from '../../../components/ui/ui';
import { useIntegration, useIntegrationAction, useSyncRuns, useTemplates } from '../api/integrations';
import { StateBadge } from '../components/state-badge';
import { SyncRunsTable } from '../components/sync-runs-table';

type RuleView = { target: string; source?: string; sources?: string[]; transforms: { kind: string }[] };

function TemplateCard({ template }: { template: ModelTemplate }) {
  const { t } = useTranslation();
  const rules = template.rules as { header: RuleView[]; lines: { sourcePath: string; rules: RuleView[] } };
  const row = (r: RuleView, scope: string) => (
    <tr key={scope + r.target}>
      <td>{scope === 'line' ? `lines[].${r.target}` : r.target}</td>
      <td>
        <code>{r.sources?.join(' + ') ?? r.source ?? '—'}</code>
      </td>
      <td>{r.transforms.map((x) => x.kind).join(' → ') || '—'}</td>
    </tr>
  );
  return (
    <details className="card">
      <summary>
        <strong>{t(`docType.${template.documentType}`)}</strong> <span className="muted small">({template.sourceModel})</span>{' '}
        <Badge tone="muted">
          {t('integrations.version')} {template.version}
        </Badge>
      </summary>
      <table className="table compact">
        <tbody>
          {rules.header.map((r) => row(r, 'header'))}
          {rules.lines.rules.map((r) => row(r, 'line'))}
        </tbody>
      </table>
      {template.unmappedFields.length ? (
        <p className="small">
          {t('integrations.unmapped')}: {template.unmappedFields.map((f) => <code key={f}>{f} </code>)}
        </p>
      ) : null}
    </details>
  );
}

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
      <PageHeader
        title={i?.name ?? t('common.loading')}
        subtitle={i ? `${i.kind}${i.accessKey ? ` · ${t('integrations.accessKey')} ${i.accessKey.masked}` : ''}` : undefined}
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
        <p>
          <StateBadge state={i.state} /> {i.stateReason ? <span className="field-error">{i.stateReason}</span> : null}
        </p>
      ) : null}

      <section className="section">
        <h2>{t('integrations.runs')}</h2>
        <SyncRunsTable integrationId={id} />
      </section>

      <section className="section">
        <h2>{t('integrations.templates')}</h2>
        {templates.data && templates.data.data.length === 0 ? <EmptyState>{t('integrations.noTemplates')}</EmptyState> : null}
        {templates.data?.data.map((tpl) => <TemplateCard key={tpl.id} template={tpl} />)}
      </section>
    </>
  );
}
