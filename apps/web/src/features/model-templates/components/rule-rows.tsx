import { headerTarget, lineTarget, sourcePathsOf } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { KINDS, type Kind, newTransform, type Row, type Rule, sourceText, withSourceText } from '../utils/rule-editing';
import { SourceLabel } from './source-label';
import { TextCell } from './text-cell';
import { TransformEditor } from './transform-editor';

/**
 * The editable rows of one scope (document header or lines): target, source, transforms, required.
 * `labels` are the source's labels of this scope's paths, shown beside each path; `listId` names their suggestions (`PathSuggestions`).
 */
export function RuleRows({
  scope,
  rows,
  labels,
  listId,
  onChange,
}: {
  scope: 'header' | 'line';
  rows: Row[];
  labels: Record<string, string>;
  listId: string;
  onChange: (rows: Row[]) => void;
}) {
  const { t } = useTranslation();
  const targets = scope === 'header' ? headerTarget.options : lineTarget.options;
  const update = (uid: number, rule: Rule) => onChange(rows.map((r) => (r.uid === uid ? { uid, rule } : r)));
  return (
    <>
      {rows.map(({ uid, rule }) => {
        const name = `${scope === 'line' ? 'lines[].' : ''}${rule.target}`;
        return (
          <tr key={uid} data-testid={`rule-${scope}-${rule.target}`}>
            <td>
              <select
                aria-label={`${t('templates.target')} ${name}`}
                value={rule.target}
                onChange={(e) => update(uid, { ...rule, target: e.target.value } as Rule)}
              >
                {targets.map((x) => (
                  <option key={x} value={x}>
                    {t(`templates.${scope}Field.${x}`)} ({scope === 'line' ? `lines[].${x}` : x})
                  </option>
                ))}
              </select>
            </td>
            <td>
              <TextCell
                label={`${t('templates.source')} ${name}`}
                initial={sourceText(rule)}
                list={Object.keys(labels).length ? listId : undefined}
                onCommit={(x) => update(uid, withSourceText(rule, x))}
              />
              {sourcePathsOf(rule).map((path, i) => (
                // A rule may read the same path twice; position is the identity here.
                <SourceLabel key={`${i}-${path}`} path={path} labels={labels} />
              ))}
            </td>
            <td>
              <div className="transform-list">
                {rule.transforms.map((tr, i) => (
                  <TransformEditor
                    // Transforms have no identity of their own; position is it while the row lives.
                    key={`${i}-${tr.kind}`}
                    value={tr}
                    label={`${name} ${i + 1}`}
                    onChange={(next) => update(uid, { ...rule, transforms: rule.transforms.map((x, j) => (j === i ? next : x)) } as Rule)}
                    onRemove={() => update(uid, { ...rule, transforms: rule.transforms.filter((_, j) => j !== i) } as Rule)}
                  />
                ))}
                <select
                  aria-label={`${t('templates.addTransform')} ${name}`}
                  value=""
                  onChange={(e) => e.target.value && update(uid, { ...rule, transforms: [...rule.transforms, newTransform(e.target.value as Kind)] } as Rule)}
                >
                  <option value="">+ {t('templates.addTransform')}</option>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`templates.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
            </td>
            <td className="center">
              <input
                type="checkbox"
                aria-label={`${t('templates.required')} ${name}`}
                checked={rule.required}
                onChange={(e) => update(uid, { ...rule, required: e.target.checked })}
              />
            </td>
            <td>
              <button
                type="button"
                className="icon-btn"
                aria-label={`${t('templates.removeRule')} ${name}`}
                onClick={() => onChange(rows.filter((r) => r.uid !== uid))}
              >
                ×
              </button>
            </td>
          </tr>
        );
      })}
    </>
  );
}
