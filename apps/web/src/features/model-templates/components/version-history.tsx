import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ErrorAlert, Skeleton } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useModelTemplate } from '../api/model-templates';
import { VersionDiff } from './version-diff';

/** Every version of a template's document type, newest first; each one's changes against the one before it on demand. */
export function VersionHistory({ templateId }: { templateId: string }) {
  const { t, i18n } = useTranslation();
  const detail = useModelTemplate(templateId);
  const [shown, setShown] = useState<string | null>(null);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.refetch} />;
  if (!detail.data) return <Skeleton lines={2} />;
  const versions = detail.data.versions;
  const at = versions.findIndex((v) => v.id === shown);
  const previous = at >= 0 ? versions[at + 1] : undefined;
  return (
    <div data-testid="version-history">
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('integrations.version')}</th>
            <th>{t('templates.savedAt')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => {
            const before = versions[i + 1];
            return (
              <tr key={v.id}>
                <td>
                  {v.version} {v.isCurrent ? <Badge tone="ok">{t('templates.inUse')}</Badge> : null}
                </td>
                <td>{formatDateTime(v.createdAt, i18n.language)}</td>
                <td className="right">
                  {before ? (
                    <Button variant="ghost" aria-pressed={shown === v.id} onClick={() => setShown(shown === v.id ? null : v.id)}>
                      {t('templates.showChanges', { version: v.version })}
                    </Button>
                  ) : (
                    <span className="muted small">{t('templates.firstVersion')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown && previous ? <VersionDiff olderId={previous.id} newerId={shown} /> : null}
    </div>
  );
}
