import { sourcePathsOf, type TemplateFieldLabels } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { describeTransform } from '../utils/describe-rule';
import type { Rule, TemplateRules } from '../utils/rule-editing';
import { RuleHeadings } from './rule-headings';
import { SourcePaths } from './source-label';
import { TargetName } from './target-name';

/** A template's current rules as a table, each source path with the source's label and each transform described in the user's language. */
export function ReadOnlyRules({ rules, labels }: { rules: TemplateRules; labels: TemplateFieldLabels }) {
  const { t } = useTranslation();
  const row = (r: Rule, scope: 'header' | 'line') => (
    <tr key={scope + r.target}>
      <td>
        <TargetName scope={scope} target={r.target} />
      </td>
      <td>
        <SourcePaths paths={sourcePathsOf(r)} labels={scope === 'header' ? labels.header : labels.lines} />
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
