import type { HeaderRule, LineRule, ModelTemplateDetail, ModelTemplateRules } from '@portal/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, ErrorAlert, useErrorMessage } from '../../../components/ui/ui';
import { usePreviewTemplate, type useSaveTemplateVersion } from '../api/model-templates';
import { newRow, rowsOf } from '../utils/rule-editing';
import { PreviewTable } from './preview-table';
import { RuleRows } from './rule-rows';
import { PathSuggestions } from './source-label';
import { TextCell } from './text-cell';
import { ValidationDetails } from './validation-details';
import { RuleHeadings } from './rule-headings';
import { usePermission } from '../../../lib/permissions';

type SaveMutation = ReturnType<typeof useSaveTemplateVersion>;

/** Edits a loaded template version's rules; previews the draft on live DMS records before it is saved. */
export function RulesEditor({
  detail,
  save,
  onSave,
  onCancel,
}: {
  detail: ModelTemplateDetail;
  save: SaveMutation;
  onSave: (rules: ModelTemplateRules) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const manage = usePermission('model_templates:manage');
  const message = useErrorMessage();
  const [header, setHeader] = useState(() => rowsOf(detail.rules.header));
  const [lines, setLines] = useState(() => rowsOf(detail.rules.lines.rules));
  const [linesPath, setLinesPath] = useState(detail.rules.lines.sourcePath);
  const preview = usePreviewTemplate(detail.id);
  const headerPaths = useId();
  const linePaths = useId();
  const draft = (): ModelTemplateRules => ({
    documentType: detail.rules.documentType,
    sourceModel: detail.rules.sourceModel,
    header: header.map((r) => r.rule as HeaderRule),
    lines: { sourcePath: linesPath, rules: lines.map((r) => r.rule as LineRule) },
  });
  const addRule = (scope: 'header' | 'line') =>
    scope === 'header'
      ? setHeader([...header, newRow({ target: 'status', source: '$.', transforms: [], required: false })])
      : setLines([...lines, newRow({ target: 'productName', source: '$.', transforms: [], required: false })]);

  const addRow = (scope: 'header' | 'line') => (
    <tr>
      <td colSpan={5}>
        <Button variant="ghost" onClick={() => addRule(scope)}>
          + {t(scope === 'header' ? 'templates.addHeaderRule' : 'templates.addLineRule')}
        </Button>
      </td>
    </tr>
  );

  return (
    <div className="template-editor">
      <table className="table compact">
        <thead>
          <tr>
            <RuleHeadings />
            <th>{t('templates.required')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <RuleRows scope="header" rows={header} labels={detail.fieldLabels.header} listId={headerPaths} onChange={setHeader} />
          {addRow('header')}
          <tr>
            <td>
              <strong>{t('templates.linesPath')}</strong>
            </td>
            <td colSpan={4}>
              <TextCell label={t('templates.linesPath')} initial={linesPath} onCommit={setLinesPath} />
            </td>
          </tr>
          <RuleRows scope="line" rows={lines} labels={detail.fieldLabels.lines} listId={linePaths} onChange={setLines} />
          {addRow('line')}
        </tbody>
      </table>
      <PathSuggestions id={headerPaths} labels={detail.fieldLabels.header} />
      <PathSuggestions id={linePaths} labels={detail.fieldLabels.lines} />
      <p className="muted small">{t('templates.sourceHint')}</p>
      <div className="page-actions">
        <Button
          variant="secondary"
          busy={preview.isPending}
          onClick={() =>
            preview.mutate(draft(), {
              onSuccess: (p) => toast.success(t('templates.previewDone', { mapped: p.mapped, failed: p.failed })),
              onError: (err) => toast.error(message(err)),
            })
          }
        >
          {t('templates.preview')}
        </Button>
        <Button busy={save.isPending} disabled={!manage.allowed} title={manage.reason} onClick={() => onSave(draft())}>
          {t('templates.saveVersion')}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
      <ErrorAlert error={preview.error ?? save.error} />
      <ValidationDetails error={preview.error ?? save.error} />
      {preview.data ? <PreviewTable preview={preview.data} /> : null}
    </div>
  );
}
