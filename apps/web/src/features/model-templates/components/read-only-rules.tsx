import { useTranslation } from 'react-i18next';
import { describeTransform } from '../utils/describe-rule';
import { type Rule, sourceText, type TemplateRules } from '../utils/rule-editing';
import { RuleHeadings } from './rule-headings';
import { TargetName } from './target-name';

/** A template's current rules as a table, each transform described in the user's language. */
export function ReadOnlyRules({ rules }: { rules: TemplateRules }) {
  const { t } = useTranslation();
  const row = (r: Rule, scope: 'header' | 'line') => (
    <tr key={scope + r.target}>
      <td>
        <TargetName scope={scope} target={r.target} />
      </td>
      <td>
        <code>{sourceText(r) || '—'}</code>
      </td>
      <td>{r.transforms.map((x) => describeTransform(t, x)).join(' → ') || '—'}</td>
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
