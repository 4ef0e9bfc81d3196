import type { WebhookMessage, WebhookMessageStatus } from '@portal/contracts';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListTable } from '../../../components/ui/list-state';
import { Badge, Button } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useRetryWebhookMessage, useWebhookMessages } from '../api/webhooks';
import { MessageDetail } from './message-detail';

const TONE: Record<WebhookMessageStatus, 'ok' | 'error' | 'info'> = { SUCCEEDED: 'ok', FAILED: 'error', PENDING: 'info' };
const COLUMNS = 7;

/** An endpoint's messages, newest first, by status; each unfolds to its attempts and body; *Retry* sends one again. */
export function MessagesTable({ endpointId, status, canResend }: { endpointId: string; status: WebhookMessageStatus | undefined; canResend: boolean }) {
  const { t, i18n } = useTranslation();
  const messages = useWebhookMessages(endpointId, status);
  const retry = useRetryWebhookMessage(endpointId);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => setOpen((prev) => (prev.has(id) ? new Set([...prev].filter((v) => v !== id)) : new Set([...prev, id])));
  const rows = messages.data ? { data: messages.data.pages.flatMap((p) => p.data) } : undefined;
  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language) : '—');

  return (
    <>
      <ListTable
        query={{ error: messages.error, data: rows, refetch: messages.refetch }}
        empty={<p>{status ? t('webhooks.noMessagesFiltered') : t('webhooks.noMessages')}</p>}
        columns={[
          t('webhooks.createdAt'),
          t('webhooks.eventType'),
          t('webhooks.status'),
          { label: t('webhooks.attemptCount'), className: 'num' },
          t('webhooks.lastStatus'),
          t('webhooks.nextAttempt'),
          t('common.actions'),
        ]}
      >
        {(list: WebhookMessage[]) =>
          list.map((m) => (
            <Fragment key={m.id}>
              <tr data-testid="webhook-message" data-status={m.status}>
                <td className="nowrap">{when(m.createdAt)}</td>
                <td>
                  {t(`webhooks.event.${m.eventType}`)}
                  <div className="small muted">
                    <code>{m.id}</code>
                  </div>
                </td>
                <td>
                  <Badge tone={TONE[m.status]}>{t(`webhooks.messageStatus.${m.status}`)}</Badge>
                </td>
                <td className="num">{m.attempts}</td>
                <td data-testid="webhook-message-last-status">{m.lastStatusCode ?? '—'}</td>
                <td className="nowrap">{m.status === 'PENDING' ? when(m.nextAttemptAt) : '—'}</td>
                <td>
                  <div className="webhook-actions">
                    <Button variant="secondary" aria-expanded={open.has(m.id)} onClick={() => toggle(m.id)}>
                      {open.has(m.id) ? t('webhooks.hideDetails') : t('webhooks.showDetails')}
                    </Button>
                    <Button
                      variant="secondary"
                      busy={retry.isPending && retry.variables === m.id}
                      disabled={!canResend}
                      title={canResend ? undefined : t('webhooks.enableFirst')}
                      onClick={() => retry.mutate(m.id)}
                    >
                      {t('webhooks.retry')}
                    </Button>
                  </div>
                </td>
              </tr>
              {open.has(m.id) ? (
                <tr className="webhook-detail-row">
                  <td colSpan={COLUMNS}>
                    <MessageDetail endpointId={endpointId} messageId={m.id} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))
        }
      </ListTable>
      {messages.hasNextPage ? (
        <div className="row">
          <Button variant="secondary" busy={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
            {t('webhooks.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
