import type { WebhookEndpoint } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { ListTable } from '../../../components/ui/list-state';
import { Button } from '../../../components/ui/ui';
import { useDeleteWebhookEndpoint, useRotateWebhookSecret, useTestWebhookEndpoint, useUpdateWebhookEndpoint, useWebhookEndpoints } from '../api/webhooks';
import { EndpointStatus } from './endpoint-status';
import { EventTypeList } from './event-type-picker';

/** The organisation's endpoints with what can be done to each; `onEdit` opens the form, `onRotated` shows the new secret once. */
export function EndpointsTable({ onEdit, onRotated }: { onEdit: (endpoint: WebhookEndpoint) => void; onRotated: (secret: string) => void }) {
  const { t } = useTranslation();
  const endpoints = useWebhookEndpoints();
  const update = useUpdateWebhookEndpoint();
  const rotate = useRotateWebhookSecret();
  const test = useTestWebhookEndpoint();
  const remove = useDeleteWebhookEndpoint();
  const busy = (m: { isPending: boolean; variables?: unknown }, id: string) =>
    m.isPending && (m.variables === id || (m.variables as { id?: string } | undefined)?.id === id);

  return (
    <ListTable
      query={endpoints}
      empty={<p>{t('webhooks.empty')}</p>}
      columns={[t('webhooks.url'), t('webhooks.eventTypes'), t('webhooks.status'), t('common.actions')]}
    >
      {(rows) =>
        rows.map((e) => (
          <tr key={e.id} data-testid="webhook-row">
            <td>
              <code className="webhook-url">{e.url}</code>
              {e.description ? <div className="small muted">{e.description}</div> : null}
            </td>
            <td>
              <EventTypeList types={e.eventTypes} />
            </td>
            <td>
              <EndpointStatus endpoint={e} />
            </td>
            <td>
              <div className="webhook-actions">
                <Link className="btn btn-secondary" to={`/webhooks/${e.id}`}>
                  {t('webhooks.deliveries')}
                </Link>
                <Button variant="secondary" busy={busy(test, e.id)} onClick={() => test.mutate(e.id)}>
                  {t('webhooks.sendTest')}
                </Button>
                <Button variant="secondary" onClick={() => onEdit(e)}>
                  {t('webhooks.edit')}
                </Button>
                <Button variant="secondary" busy={busy(update, e.id)} onClick={() => update.mutate({ id: e.id, body: { enabled: !e.enabled } })}>
                  {e.enabled ? t('webhooks.disable') : t('webhooks.enable')}
                </Button>
                <ConfirmButton
                  variant="secondary"
                  title={t('webhooks.rotateTitle')}
                  message={t('webhooks.rotateText')}
                  confirmLabel={t('webhooks.rotate')}
                  busy={busy(rotate, e.id)}
                  onConfirm={() => rotate.mutate(e.id, { onSuccess: (answer) => onRotated(answer.secret) })}
                >
                  {t('webhooks.rotate')}
                </ConfirmButton>
                <ConfirmButton
                  title={t('webhooks.deleteTitle')}
                  message={t('webhooks.deleteText', { url: e.url })}
                  confirmLabel={t('webhooks.delete')}
                  busy={busy(remove, e.id)}
                  onConfirm={() => remove.mutate(e.id)}
                >
                  {t('webhooks.delete')}
                </ConfirmButton>
              </div>
            </td>
          </tr>
        ))
      }
    </ListTable>
  );
}
