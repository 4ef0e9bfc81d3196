import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Button, ErrorAlert, Skeleton, useErrorMessage } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useIngestionKey, useRevokeIngestionKey, useRollIngestionKey } from '../api/ingestion-key';
import { ApiKeyDialog } from './api-key-dialog';

/** An External integration's ingestion API key: its prefix, when it was made and last used, roll and revoke. */
export function IngestionKeyPanel({ integrationId }: { integrationId: string }) {
  const { t, i18n } = useTranslation();
  const message = useErrorMessage();
  const key = useIngestionKey(integrationId);
  const roll = useRollIngestionKey(integrationId);
  const revoke = useRevokeIngestionKey(integrationId);
  const [shown, setShown] = useState<string | null>(null);
  const current = key.data?.current;

  const onRoll = () =>
    roll.mutate(undefined, {
      onSuccess: (r) => {
        toast.success(t('integrations.apiKeyRolled'));
        setShown(r.apiKey);
      },
      onError: (err) => toast.error(message(err)),
    });

  return (
    <div className="card" data-testid="ingestion-key">
      <ErrorAlert error={key.error} onRetry={key.refetch} />
      {key.isPending ? <Skeleton lines={2} /> : null}
      {key.data ? (
        current ? (
          <p>
            {t('integrations.apiKeyPrefix')} <code data-testid="api-key-prefix">{current.prefix}.••••••••</code>
            <br />
            <span className="small muted">
              {t('integrations.apiKeyCreated', { at: formatDateTime(current.createdAt, i18n.language) })} ·{' '}
              {current.lastUsedAt
                ? t('integrations.apiKeyLastUsed', { at: formatDateTime(current.lastUsedAt, i18n.language) })
                : t('integrations.apiKeyNeverUsed')}
            </span>
          </p>
        ) : (
          <p className="muted" data-testid="api-key-none">
            {t('integrations.apiKeyNone')}
          </p>
        )
      ) : null}
      <div className="row">
        {current ? (
          <>
            <ConfirmButton
              variant="secondary"
              busy={roll.isPending}
              title={t('integrations.apiKeyRoll')}
              message={t('integrations.apiKeyRollConfirm')}
              confirmLabel={t('integrations.apiKeyRoll')}
              onConfirm={onRoll}
            >
              {t('integrations.apiKeyRoll')}
            </ConfirmButton>
            <ConfirmButton
              busy={revoke.isPending}
              title={t('integrations.apiKeyRevoke')}
              message={t('integrations.apiKeyRevokeConfirm')}
              confirmLabel={t('integrations.apiKeyRevoke')}
              onConfirm={() =>
                revoke.mutate(undefined, {
                  onSuccess: () => toast.success(t('integrations.apiKeyRevoked')),
                  onError: (err) => toast.error(message(err)),
                })
              }
            >
              {t('integrations.apiKeyRevoke')}
            </ConfirmButton>
          </>
        ) : key.data ? (
          <Button busy={roll.isPending} onClick={onRoll}>
            {t('integrations.apiKeyIssue')}
          </Button>
        ) : null}
      </div>
      <ApiKeyDialog apiKey={shown} onClose={() => setShown(null)} />
    </div>
  );
}
