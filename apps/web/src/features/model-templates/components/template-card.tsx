import type { ModelTemplate } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ErrorAlert, Notice } from '../../../components/ui/ui';
import { useModelTemplate, useReconsolidate, useSaveTemplateVersion } from '../api/model-templates';
import type { TemplateRules } from '../utils/rule-editing';
import { ReadOnlyRules } from './read-only-rules';
import { RulesEditor } from './rules-editor';

/**
 * One model template: its current rules, an editor that previews the
 * mapping on live DMS records before saving a new version, and
 * re-consolidation of the type with the current version.
 */
export function TemplateCard({ template, canSync, onRunsQueued }: { template: ModelTemplate; canSync: boolean; onRunsQueued: () => Promise<void> }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
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
      {saved ? <Notice>{t('templates.savedAs', { version: saved })}</Notice> : null}
      {reconsolidate.data ? (
        <Notice>{reconsolidate.data.queued.length ? t('templates.reconsolidateQueued') : t('templates.reconsolidateRunning')}</Notice>
      ) : null}
      <ErrorAlert error={reconsolidate.error ?? detail.error} />
      {editing && detail.data ? (
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
                  setSaved(saved.version);
                },
              },
            );
          }}
          onCancel={() => {
            save.reset();
            setEditing(false);
          }}
        />
      ) : (
        <>
          <ReadOnlyRules rules={rules} />
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
              busy={editing && detail.isPending}
              onClick={() => {
                setSaved(null);
                save.reset();
                setEditing(true);
              }}
            >
              {t('templates.edit')}
            </Button>
            {canSync ? (
              <Button
                variant="secondary"
                busy={reconsolidate.isPending}
                onClick={() => window.confirm(t('templates.confirmReconsolidate')) && reconsolidate.mutate()}
              >
                {t('templates.reconsolidate')}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </details>
  );
}
