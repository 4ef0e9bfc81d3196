import { useTranslation } from 'react-i18next';
import { ErrorAlert, Skeleton } from '../../../components/ui/ui';
import { useModelTemplate } from '../api/model-templates';
import { describeRule } from '../utils/describe-rule';
import { diffRules } from '../utils/rule-diff';
import { TargetName } from './target-name';

/** What one version changed against the one before it, rule by rule: added, removed, changed (old → new). */
export function VersionDiff({ olderId, newerId }: { olderId: string; newerId: string }) {
  const { t } = useTranslation();
  const older = useModelTemplate(olderId);
  const newer = useModelTemplate(newerId);
  const error = older.error ?? newer.error;
  if (error) {
    return (
      <ErrorAlert
        error={error}
        onRetry={() => {
          void older.refetch();
          void newer.refetch();
        }}
      />
    );
  }
  if (!older.data || !newer.data) return <Skeleton lines={3} />;
  const diff = diffRules(older.data.rules, newer.data.rules);
  return (
    <div data-testid="version-diff">
      <p className="small">{t('templates.diffTitle', { older: older.data.version, newer: newer.data.version })}</p>
      {diff.rules.length === 0 && !diff.linesPath ? (
        <p className="muted small">{t('templates.diffNone')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('templates.target')}</th>
              <th>{t('templates.diffChange')}</th>
              <th>{t('templates.diffBefore')}</th>
              <th>{t('templates.diffAfter')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.linesPath ? (
              <tr>
                <td>{t('templates.linesPath')}</td>
                <td>{t('templates.change.changed')}</td>
                <td>
                  <code>{diff.linesPath.before}</code>
                </td>
                <td>
                  <code>{diff.linesPath.after}</code>
                </td>
              </tr>
            ) : null}
            {diff.rules.map((c) => (
              <tr key={`${c.scope}-${c.target}`} data-change={c.change}>
                <td>
                  <TargetName scope={c.scope} target={c.target} />
                </td>
                <td>{t(`templates.change.${c.change}`)}</td>
                <td>{c.change === 'added' ? '—' : describeRule(t, c.before)}</td>
                <td>{c.change === 'removed' ? '—' : describeRule(t, c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
