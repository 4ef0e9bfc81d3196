import type { ApiScope, CreatedApiKey } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { ListTable } from '../../../components/ui/list-state';
import { Button, Dialog, Field } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-access';
import { ScopeList, ScopePicker } from './scope-picker';
import { SecretDialog } from './secret-dialog';

/** The organisation's API keys: create (the key shown once), list, revoke. */
export function ApiKeysSection() {
  const { t, i18n } = useTranslation();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const when = (v: string | null) => (v ? formatDateTime(v, i18n.language) : t('common.none'));

  return (
    <section className="section">
      <div className="page-header">
        <h2>{t('apiAccess.keysTitle')}</h2>
        <Button onClick={() => setCreating(true)}>{t('apiAccess.createKey')}</Button>
      </div>
      <p className="muted">{t('apiAccess.keysText')}</p>
      <ListTable
        query={keys}
        empty={<p>{t('apiAccess.noKeys')}</p>}
        columns={[
          t('apiAccess.name'),
          t('apiAccess.prefix'),
          t('apiAccess.scopes'),
          t('apiAccess.created'),
          t('apiAccess.expires'),
          t('apiAccess.lastUsed'),
          t('common.actions'),
        ]}
      >
        {(rows) =>
          rows.map((k) => (
            <tr key={k.id} data-testid="api-key-row">
              <td>
                {k.name}
                {k.integrationId ? <span className="muted"> · {t('apiAccess.ingestionKey')}</span> : null}
              </td>
              <td>
                <code>{k.prefix}</code>
              </td>
              <td>
                <ScopeList scopes={k.scopes} />
              </td>
              <td>{when(k.createdAt)}</td>
              <td>{k.expiresAt ? when(k.expiresAt) : t('apiAccess.never')}</td>
              <td>{k.lastUsedAt ? when(k.lastUsedAt) : t('apiAccess.neverUsed')}</td>
              <td>
                <ConfirmButton
                  title={t('apiAccess.revokeKeyTitle')}
                  message={t('apiAccess.revokeKeyText', { name: k.name })}
                  confirmLabel={t('apiAccess.revoke')}
                  busy={revoke.isPending && revoke.variables === k.id}
                  onConfirm={() => revoke.mutate(k.id)}
                >
                  {t('apiAccess.revoke')}
                </ConfirmButton>
              </td>
            </tr>
          ))
        }
      </ListTable>
      <CreateKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(answer) => {
          setCreating(false);
          setCreated(answer);
        }}
      />
      <SecretDialog
        title={t('apiAccess.keyCreated')}
        values={created ? [{ label: t('apiAccess.apiKey'), value: created.apiKey, testId: 'api-key-secret' }] : null}
        onClose={() => setCreated(null)}
      />
    </section>
  );
}

function CreateKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (answer: CreatedApiKey) => void }) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['documents:read']);
  const [expiry, setExpiry] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The key stops working at the end of the chosen day, in the user's own time zone.
    const expiresAt = expiry ? new Date(`${expiry}T23:59:59`).toISOString() : undefined;
    create.mutate(
      { name, scopes, ...(expiresAt ? { expiresAt } : {}) },
      {
        onSuccess: (answer) => {
          setName('');
          setExpiry('');
          onCreated(answer);
        },
      },
    );
  };
  return (
    <Dialog open={open} title={t('apiAccess.createKey')} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label={t('apiAccess.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        <ScopePicker value={scopes} onChange={setScopes} />
        <Field label={t('apiAccess.expiry')} hint={t('apiAccess.expiryHint')} type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        <div className="row">
          <Button type="submit" busy={create.isPending} disabled={scopes.length === 0 || name.trim() === ''}>
            {t('apiAccess.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
