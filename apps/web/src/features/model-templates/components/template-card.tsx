import type { ModelTemplate } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Badge, Button, ErrorAlert, Skeleton, useErrorMessage } from '../../../components/ui/ui';
import { useModelTemplate, useReconsolidate, useSaveTemplateVersion } from '../api/model-templates';
import type { TemplateRules } from '../utils/rule-editing';
import { ReadOnlyRules } from './read-only-rules';
import { RulesEditor } from './rules-editor';
import { VersionHistory } from './version-history';

/**
 * One model template: its current rules, an editor that previews the
 * mapping on live DMS records before saving a new version, its version
 * history with what each version changed, and re-consolidation of the type
 * with the current version.
 */
export function TemplateCard({ template, canSync, onRunsQueued }: { template: ModelTemplate; canSync: boolean; onRunsQueued: () => Promise<void> }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState(false);
  const detail = useModelTemplate(template.id, editing);
  const reconsolidate = useReconsolidate(template.id, onRunsQueued);
  // Owned here, not by the editor: a save refetches the templates and replaces
  // the editor, and its completion must still reach this card.
  const save = useSaveTemplateVersion(template.id, template.integrationId);
  const rules = template.rules as TemplateRules;
  const label = t(`docType.${template.documentType}`);

  return (
    <details className="card" data-testid={`template-${template.documentType}`}>
      <summary>
        <strong>{label}</strong> <span className="muted small">({template.sourceModel})</span>{' '}
        <Badge tone="muted">
          {t('integrations.version')} {template.version}
        </Badge>
      </summary>
      {editing ? (
        detail.data ? (
          <RulesEditor
            // A fresh editor per loaded version, so its inputs start from that version's rules.
            key={detail.data.id}
            detail={detail.data}
            save={save}
            onSave={(rules) => {
              const basedOnVersion = detail.data.versions[0]?.version ?? detail.data.version;
              save.mutate(
                { basedOnVersion, rules },
                {
                  onSuccess: (saved) => {
                    setEditing(false);
                    // The API answers the current version unchanged when the rules did not change.
                    toast.success(
                      saved.version === basedOnVersion
                        ? t('templates.unchanged', { version: saved.version })
                        : t('templates.savedAs', { version: saved.version }),
                    );
                  },
                  onError: (err) => toast.error(message(err)),
                },
              );
            }}
            onCancel={() => {
              save.reset();
              setEditing(false);
            }}
          />
        ) : detail.error ? (
          <ErrorAlert error={detail.error} onRetry={detail.refetch} />
        ) : (
          <Skeleton lines={6} />
        )
      ) : (
        <>
          <ReadOnlyRules rules={rules} labels={template.fieldLabels} />
          {template.unmappedFields.length ? (
            <p className="small">
              {t('integrations.unmapped')}:{' '}
              {template.unmappedFields.map((f) => (
                <code key={f}>{f} </code>
              ))}
            </p>
          ) : null}
          <div className="page-actions">
            <Button
              variant="secondary"
              onClick={() => {
                save.reset();
                setEditing(true);
              }}
            >
              {t('templates.edit')}
            </Button>
            <Button variant="ghost" aria-expanded={history} onClick={() => setHistory(!history)}>
              {t(history ? 'templates.hideHistory' : 'templates.showHistory')}
            </Button>
            {canSync ? (
              <ConfirmButton
                variant="secondary"
                title={t('templates.reconsolidateTitle', { type: label })}
                message={t('templates.confirmReconsolidate')}
                confirmLabel={t('templates.reconsolidate')}
                busy={reconsolidate.isPending}
                onConfirm={() =>
                  reconsolidate.mutate(undefined, {
                    onSuccess: (res) =>
                      res.queued.length ? toast.success(t('templates.reconsolidateQueued')) : toast.info(t('templates.reconsolidateRunning')),
                    onError: (err) => toast.error(message(err)),
                  })
                }
              >
                {t('templates.reconsolidate')}
              </ConfirmButton>
            ) : null}
          </div>
          {history ? <VersionHistory templateId={template.id} /> : null}
        </>
      )}
    </details>
  );
}
