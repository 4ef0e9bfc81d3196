import type { InviteCreated } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { Button, Dialog, ErrorAlert, PageHeader } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useConnections, useCreateInvite } from '../api/connections';
import { ConnectionHistory } from '../components/connection-history';
import { ConnectionsTable } from '../components/connections-table';

export function ConnectionsPage() {
  const { t, i18n } = useTranslation();
  const list = useConnections();
  const create = useCreateInvite();
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (!invite) return;
    await navigator.clipboard.writeText(invite.url);
    setCopied(true);
  };

  return (
    <>
      <PageHeader
        title={t('connections.title')}
        subtitle={t('connections.subtitle')}
        actions={
          <Button busy={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: (i) => (setCopied(false), setInvite(i)) })}>
            {t('connections.addNew')}
          </Button>
        }
      />
      <ErrorAlert error={create.error} />
      <ListState query={list} empty={t('connections.empty')}>
        {(rows) => <ConnectionsTable items={rows} counterpart="distributor" />}
      </ListState>
      {list.data ? <ConnectionHistory connections={list.data.data} counterpart="distributor" /> : null}
      <Dialog open={invite !== null} title={t('connections.inviteTitle')} onClose={() => setInvite(null)}>
        {invite ? (
          <>
            <p>{t('connections.inviteText', { date: formatDateTime(invite.expiresAt, i18n.language) })}</p>
            <div className="copy-row">
              <input readOnly value={invite.url} aria-label={t('connections.inviteTitle')} data-testid="invite-url" onFocus={(e) => e.currentTarget.select()} />
              <Button onClick={() => void copy()}>{t('connections.copyLink')}</Button>
            </div>
            {copied ? (
              <p role="status" className="ok-text">
                ✓ {t('connections.copied')}
              </p>
            ) : null}
          </>
        ) : null}
      </Dialog>
    </>
  );
}
