import type { ApiScope, CreatedOAuthClient } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { ListTable } from '../../../components/ui/list-state';
import { Button, Dialog, Field } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useCreateOAuthClient, useOAuthClients, useRevokeOAuthClient } from '../api/api-access';
import { ScopeList, ScopePicker } from './scope-picker';
import { SecretDialog } from './secret-dialog';

/** The organisation's OAuth clients (client credentials): create (id and secret shown once), list, revoke. */
export function OAuthClientsSection() {
  const { t, i18n } = useTranslation();
  const clients = useOAuthClients();
  const revoke = useRevokeOAuthClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedOAuthClient | null>(null);
  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language) : t('apiAccess.neverUsed'));

  return (
    <section className="section">
      <div className="page-header">
        <h2>{t('apiAccess.clientsTitle')}</h2>
        <Button onClick={() => setCreating(true)}>{t('apiAccess.createClient')}</Button>
      </div>
      <p className="muted">{t('apiAccess.clientsText')}</p>
      <ListTable
        query={clients}
        empty={<p>{t('apiAccess.noClients')}</p>}
        columns={[t('apiAccess.name'), t('apiAccess.clientId'), t('apiAccess.scopes'), t('apiAccess.created'), t('apiAccess.lastToken'), t('common.actions')]}
      >
        {(rows) =>
          rows.map((c) => (
            <tr key={c.id} data-testid="oauth-client-row">
              <td>{c.name}</td>
              <td>
                <code>{c.clientId}</code>
              </td>
              <td>
                <ScopeList scopes={c.scopes} />
              </td>
              <td>{when(c.createdAt)}</td>
              <td>{when(c.lastUsedAt)}</td>
              <td>
                <ConfirmButton
                  title={t('apiAccess.revokeClientTitle')}
                  message={t('apiAccess.revokeClientText', { name: c.name })}
                  confirmLabel={t('apiAccess.revoke')}
                  busy={revoke.isPending && revoke.variables === c.id}
                  onConfirm={() => revoke.mutate(c.id)}
                >
                  {t('apiAccess.revoke')}
                </ConfirmButton>
              </td>
            </tr>
          ))
        }
      </ListTable>
      <CreateClientDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(answer) => {
          setCreating(false);
          setCreated(answer);
        }}
      />
      <SecretDialog
        title={t('apiAccess.clientCreated')}
        values={
          created
            ? [
                { label: t('apiAccess.clientId'), value: created.client.clientId, testId: 'oauth-client-id' },
                { label: t('apiAccess.clientSecret'), value: created.clientSecret, testId: 'oauth-client-secret' },
              ]
            : null
        }
        onClose={() => setCreated(null)}
      />
    </section>
  );
}

function CreateClientDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (answer: CreatedOAuthClient) => void }) {
  const { t } = useTranslation();
  const create = useCreateOAuthClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['documents:read']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, scopes },
      {
        onSuccess: (answer) => {
          setName('');
          onCreated(answer);
        },
      },
    );
  };
  return (
    <Dialog open={open} title={t('apiAccess.createClient')} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label={t('apiAccess.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        <ScopePicker value={scopes} onChange={setScopes} />
        <div className="row">
          <Button type="submit" busy={create.isPending} disabled={scopes.length === 0 || name.trim() === ''}>
            {t('apiAccess.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
