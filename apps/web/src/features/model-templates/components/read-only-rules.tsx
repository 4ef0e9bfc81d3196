import type { Transform } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { pairsToText, type Rule, sourceText, type TemplateRules } from '../utils/rule-editing';
import { RuleHeadings } from './rule-headings';

/** A template's current rules as a table, each transform described in the user's language. */
export function ReadOnlyRules({ rules }: { rules: TemplateRules }) {
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
          <RuleHeadings />
        </tr>
      </thead>
      <tbody>
        {rules.header.map((r) => row(r, 'header'))}
        {rules.lines.rules.map((r) => row(r, 'line'))}
      </tbody>
    </table>
  );
}
