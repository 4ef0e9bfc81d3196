import { type InviteCreated, isEndedConnection } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { Button, PageHeader } from '../../../components/ui/ui';
import { useConnections, useCreateInvite } from '../api/connections';
import { ConnectionHistory } from '../components/connection-history';
import { ConnectionsTable } from '../components/connections-table';
import { EndedConnections } from '../components/ended-connections';
import { InviteLinkDialog } from '../components/invite-link-dialog';
import { usePermission } from '../../../lib/permissions';

/** The principal's connections: live ones and pending invites first, ended ones and the history below. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  const manage = usePermission('connections:manage');
  const list = useConnections();
  const create = useCreateInvite();
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const createInvite = () => create.mutate(undefined, { onSuccess: setInvite });
  const rows = list.data?.data ?? [];
  const live = { error: list.error, refetch: list.refetch, data: list.data ? { data: rows.filter((c) => !isEndedConnection(c.status)) } : undefined };

  return (
    <>
      <PageHeader
        title={t('connections.title')}
        subtitle={t('connections.subtitle')}
        actions={
          <Button busy={create.isPending} disabled={!manage.allowed} title={manage.reason} onClick={createInvite}>
            {t('connections.addNew')}
          </Button>
        }
      />
      <ListState
        query={live}
        empty={
          <>
            <p>{t('connections.empty')}</p>
            <Button busy={create.isPending} disabled={!manage.allowed} title={manage.reason} onClick={createInvite}>
              {t('connections.inviteFirst')}
            </Button>
          </>
        }
      >
        {(items) => <ConnectionsTable items={items} counterpart="distributor" onShowLink={setInvite} />}
      </ListState>
      <EndedConnections items={rows.filter((c) => isEndedConnection(c.status))} counterpart="distributor" />
      {list.data ? <ConnectionHistory connections={rows} counterpart="distributor" /> : null}
      <InviteLinkDialog invite={invite} onClose={() => setInvite(null)} />
    </>
  );
}
