import {
  dateFormat,
  headerTarget,
  type HeaderRule,
  lineTarget,
  type LineRule,
  type ModelTemplate,
  type ModelTemplateDetail,
  type ModelTemplateRules,
  type TemplatePreview,
  type Transform,
  transform as transformSchema,
} from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ErrorAlert, Notice } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { formatDate, formatMoney } from '../../../lib/format';
import { useModelTemplate, usePreviewTemplate, useReconsolidate, useSaveTemplateVersion } from '../api/model-templates';

type Rule = HeaderRule | LineRule;
type Row = { uid: number; rule: Rule };
type Kind = Transform['kind'];

const KINDS = transformSchema.options.map((o) => o.shape.kind.value) as Kind[];
let nextUid = 1;
const rowsOf = (rules: Rule[]): Row[] => rules.map((rule) => ({ uid: nextUid++, rule }));

function newTransform(kind: Kind): Transform {
  switch (kind) {
    case 'date':
      return { kind, format: 'dd/MM/yyyy' };
    case 'decimal':
      return { kind, format: 'id-ID' };
    case 'codeMap':
      return { kind, map: {}, fallback: 'keep' };
    case 'unitToBase':
      return { kind, baseUnit: 'PCS', unitSource: '$.satuan' };
    case 'default':
      return { kind, value: '' };
    case 'concat':
      return { kind, separator: ' ' };
    default:
      return { kind } as Transform;
  }
}

/** "A=B, C=D" ⇄ { A: "B", C: "D" }: code maps and unit factors edited as one line of text. */
const pairsToText = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
function textToPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

/** "$.a + $.b" ⇄ source / sources. */
const sourceText = (r: Rule) => (r.sources ? r.sources.join(' + ') : (r.source ?? ''));
function withSourceText(r: Rule, text: string): Rule {
  const parts = text.split('+').map((s) => s.trim()).filter(Boolean);
  const { source: _s, sources: _ss, ...rest } = r;
  if (parts.length === 0) return rest as Rule;
  if (parts.length === 1) return { ...rest, source: parts[0] } as Rule;
  return { ...rest, sources: parts } as Rule;
}

/** A text input that keeps what the user typed while the parsed value lives in the rule. */
function TextCell({ label, initial, onCommit, className }: { label: string; initial: string; onCommit: (text: string) => void; className?: string }) {
  const [text, setText] = useState(initial);
  return (
    <input
      aria-label={label}
      className={`cell-input ${className ?? ''}`}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}

function TransformEditor({ value, label, onChange, onRemove }: { value: Transform; label: string; onChange: (t: Transform) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const p = (name: string) => `${label} ${t(`templates.param.${name}`)}`;
  return (
    <span className="transform-chip" role="group" aria-label={label}>
      <strong>{t(`templates.kind.${value.kind}`)}</strong>
      {value.kind === 'date' ? (
        <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as typeof value.format })}>
          {dateFormat.options.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      ) : null}
      {value.kind === 'decimal' ? (
        <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as 'id-ID' | 'plain' })}>
          <option value="id-ID">1.234.567,89</option>
          <option value="plain">1234567.89</option>
        </select>
      ) : null}
      {value.kind === 'codeMap' ? (
        <>
          <TextCell label={p('map')} initial={pairsToText(value.map)} onCommit={(x) => onChange({ ...value, map: textToPairs(x) })} className="wide" />
          <select aria-label={p('fallback')} value={value.fallback} onChange={(e) => onChange({ ...value, fallback: e.target.value as 'keep' | 'error' })}>
            <option value="keep">{t('templates.fallbackKeep')}</option>
            <option value="error">{t('templates.fallbackError')}</option>
          </select>
        </>
      ) : null}
      {value.kind === 'unitToBase' ? (
        <>
          <TextCell label={p('baseUnit')} initial={value.baseUnit} onCommit={(x) => onChange({ ...value, baseUnit: x })} className="narrow" />
          <TextCell label={p('unitSource')} initial={value.unitSource} onCommit={(x) => onChange({ ...value, unitSource: x })} />
          <TextCell
            label={p('factorSource')}
            initial={value.factorSource ?? ''}
            onCommit={(x) => {
              const { factorSource: _f, ...rest } = value;
              onChange(x.trim() ? { ...rest, factorSource: x.trim() } : rest);
            }}
          />
          <TextCell
            label={p('factors')}
            initial={pairsToText(value.factors)}
            onCommit={(x) => {
              const { factors: _f, ...rest } = value;
              const factors = textToPairs(x);
              onChange(Object.keys(factors).length ? { ...rest, factors } : rest);
            }}
          />
        </>
      ) : null}
      {value.kind === 'default' ? <TextCell label={p('value')} initial={value.value} onCommit={(x) => onChange({ ...value, value: x })} /> : null}
      {value.kind === 'concat' ? <TextCell label={p('separator')} initial={value.separator} onCommit={(x) => onChange({ ...value, separator: x })} className="narrow" /> : null}
      <button type="button" className="icon-btn small" aria-label={`${t('templates.removeTransform')} ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

function RuleRows({ scope, rows, onChange }: { scope: 'header' | 'line'; rows: Row[]; onChange: (rows: Row[]) => void }) {
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
              <select aria-label={`${t('templates.target')} ${name}`} value={rule.target} onChange={(e) => update(uid, { ...rule, target: e.target.value } as Rule)}>
                {targets.map((x) => (
                  <option key={x} value={x}>
                    {scope === 'line' ? `lines[].${x}` : x}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <TextCell label={`${t('templates.source')} ${name}`} initial={sourceText(rule)} onCommit={(x) => update(uid, withSourceText(rule, x))} />
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
              <input type="checkbox" aria-label={`${t('templates.required')} ${name}`} checked={rule.required} onChange={(e) => update(uid, { ...rule, required: e.target.checked })} />
            </td>
            <td>
              <button type="button" className="icon-btn" aria-label={`${t('templates.removeRule')} ${name}`} onClick={() => onChange(rows.filter((r) => r.uid !== uid))}>
                ×
              </button>
            </td>
          </tr>
        );
      })}
    </>
  );
}

function PreviewTable({ preview }: { preview: TemplatePreview }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="template-preview">
      <p>
        <Badge tone="ok">{t('templates.mapped', { count: preview.mapped })}</Badge> {preview.failed ? <Badge tone="error">{t('templates.failed', { count: preview.failed })}</Badge> : null}
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('templates.sourceId')}</th>
            <th>{t('templates.result')}</th>
            <th>number</th>
            <th>date</th>
            <th>partyName</th>
            <th>status</th>
            <th className="num">total</th>
            <th className="num">{t('templates.lines')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.results.map((r, i) =>
            r.ok ? (
              <tr key={`${r.sourceId ?? ''}${i}`}>
                <td>
                  <code>{r.sourceId}</code>
                </td>
                <td>
                  <Badge tone="ok">OK</Badge>
                </td>
                <td>{r.document.number}</td>
                <td>{formatDate(r.document.date, i18n.language)}</td>
                <td>{r.document.partyName ?? '—'}</td>
                <td data-testid="preview-status">{r.document.status ?? '—'}</td>
                <td className="num">{formatMoney(r.document.total, i18n.language, r.document.currency)}</td>
                <td className="num">
                  <details>
                    <summary>{r.document.lines.length}</summary>
                    <pre className="json small">{JSON.stringify(r.document.lines, null, 1)}</pre>
                  </details>
                </td>
              </tr>
            ) : (
              <tr key={`${r.sourceId ?? ''}${i}`}>
                <td>
                  <code>{r.sourceId ?? '—'}</code>
                </td>
                <td>
                  <Badge tone="error">{t('templates.quarantined')}</Badge>
                </td>
                <td colSpan={6} className="field-error" data-testid="preview-reason">
                  {r.reason}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Field messages from a 400 ("body.rules.header.3.source": "…"), shown next to the editor. */
function ValidationDetails({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return null;
  return (
    <ul className="field-error small">
      {(error.details as { path?: string; message?: string }[]).map((d, i) => (
        <li key={i}>
          <code>{(d.path ?? '').replace(/^body\.rules\./, '')}</code> {d.message}
        </li>
      ))}
    </ul>
  );
}

type SaveMutation = ReturnType<typeof useSaveTemplateVersion>;

function Editor({ detail, save, onSave, onCancel }: { detail: ModelTemplateDetail; save: SaveMutation; onSave: (rules: ModelTemplateRules) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [header, setHeader] = useState(() => rowsOf(detail.rules.header));
  const [lines, setLines] = useState(() => rowsOf(detail.rules.lines.rules));
  const [linesPath, setLinesPath] = useState(detail.rules.lines.sourcePath);
  const preview = usePreviewTemplate(detail.id);
  const draft = (): ModelTemplateRules => ({
    documentType: detail.rules.documentType,
    sourceModel: detail.rules.sourceModel,
    header: header.map((r) => r.rule as HeaderRule),
    lines: { sourcePath: linesPath, rules: lines.map((r) => r.rule as LineRule) },
  });
  const addRule = (scope: 'header' | 'line') =>
    scope === 'header'
      ? setHeader([...header, { uid: nextUid++, rule: { target: 'status', source: '$.', transforms: [], required: false } }])
      : setLines([...lines, { uid: nextUid++, rule: { target: 'productName', source: '$.', transforms: [], required: false } }]);

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
            <th>{t('templates.target')}</th>
            <th>{t('templates.source')}</th>
            <th>{t('templates.transforms')}</th>
            <th>{t('templates.required')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <RuleRows scope="header" rows={header} onChange={setHeader} />
          {addRow('header')}
          <tr>
            <td>
              <strong>{t('templates.linesPath')}</strong>
            </td>
            <td colSpan={4}>
              <TextCell label={t('templates.linesPath')} initial={linesPath} onCommit={setLinesPath} />
            </td>
          </tr>
          <RuleRows scope="line" rows={lines} onChange={setLines} />
          {addRow('line')}
        </tbody>
      </table>
      <p className="muted small">{t('templates.sourceHint')}</p>
      <div className="page-actions">
        <Button variant="secondary" busy={preview.isPending} onClick={() => preview.mutate(draft())}>
          {t('templates.preview')}
        </Button>
        <Button busy={save.isPending} onClick={() => onSave(draft())}>
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

function ReadOnlyRules({ rules }: { rules: { header: Rule[]; lines: { sourcePath: string; rules: Rule[] } } }) {
  const { t } = useTranslation();
  // In the user's language, as the editor names them: "Angka desimal (format: id-ID)", "kode lain: biarkan".
  const describe = (x: Transform) => {
    const params = Object.entries(x)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) =>
        k === 'fallback'
          ? t(v === 'error' ? 'templates.fallbackError' : 'templates.fallbackKeep')
          : typeof v === 'object'
            ? pairsToText(v as Record<string, string>) // the pairs speak for themselves: OPEN=BUKA, DUS=12
            : `${t(`templates.param.${k}`)}: ${String(v)}`,
      );
    const kind = t(`templates.kind.${x.kind}`);
    return params.length ? `${kind} (${params.join('; ')})` : kind;
  };
  const row = (r: Rule, scope: string) => (
    <tr key={scope + r.target}>
      <td>{scope === 'line' ? `lines[].${r.target}` : r.target}</td>
      <td>
        <code>{sourceText(r) || '—'}</code>
      </td>
      <td>{r.transforms.map(describe).join(' → ') || '—'}</td>
    </tr>
  );
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>{t('templates.target')}</th>
          <th>{t('templates.source')}</th>
          <th>{t('templates.transforms')}</th>
        </tr>
      </thead>
      <tbody>
        {rules.header.map((r) => row(r, 'header'))}
        {rules.lines.rules.map((r) => row(r, 'line'))}
      </tbody>
    </table>
  );
}

/**
 * One model template: its current rules, an editor that previews the
 * mapping on live DMS records before saving a new version, and
 * re-consolidation of the type with the current version.
 */
export function TemplateCard({ template, canSync }: { template: ModelTemplate; canSync: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const detail = useModelTemplate(template.id, editing);
  const reconsolidate = useReconsolidate(template.id, template.integrationId);
  // Owned here, not by the editor: a save refetches the templates and replaces
  // the editor, and its completion must still reach this card.
  const save = useSaveTemplateVersion(template.id, template.integrationId);
  const rules = template.rules as { header: Rule[]; lines: { sourcePath: string; rules: Rule[] } };
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
        <Editor
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
              {t('integrations.unmapped')}: {template.unmappedFields.map((f) => <code key={f}>{f} </code>)}
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
              <Button variant="secondary" busy={reconsolidate.isPending} onClick={() => window.confirm(t('templates.confirmReconsolidate')) && reconsolidate.mutate()}>
                {t('templates.reconsolidate')}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </details>
  );
}
