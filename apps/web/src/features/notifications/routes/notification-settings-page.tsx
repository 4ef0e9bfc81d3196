import { NOTIFICATION_KINDS } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, PageHeader, Skeleton } from '../../../components/ui/ui';
import { usePreferences, useUpdatePreferences } from '../api/notifications';
import '../notifications.css';

/** Which notifications the user also gets by email, one switch per kind; the bell always shows every kind. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const prefs = usePreferences();
  const update = useUpdatePreferences();
  return (
    <>
      <PageHeader title={t('notifications.settingsTitle')} subtitle={t('notifications.settingsSubtitle')} />
      {prefs.isPending ? (
        <Skeleton />
      ) : prefs.isError ? (
        <ErrorAlert error={prefs.error} onRetry={prefs.refetch} />
      ) : (
        <ul className="notification-settings">
          {NOTIFICATION_KINDS.map((kind) => (
            <li key={kind}>
              <label>
                <span>{t(`notifications.kind.${kind}`)}</span>
                <input
                  type="checkbox"
                  role="switch"
                  checked={prefs.data.email[kind]}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ [kind]: e.target.checked })}
                />
              </label>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
