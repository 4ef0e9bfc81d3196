import { ACCESS_KEY_FORMAT, type AdminIntegration, setAccessKeyBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { ListTable } from '../../../components/ui/list-state';
import { Button, Dialog, ErrorAlert, Field, Notice, PageHeader, useErrorMessage } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useAdminIntegrations, useSetAccessKey } from '../api/admin';
import { LoadMore, loadedRows } from '../components/admin-list-pages';
import { useDebouncedValue } from '../components/use-debounced-value';

import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';

export function AccessKeysPage() {
  const { t, i18n } = useTranslation();
  const message = useErrorMessage();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const list = useAdminIntegrations({ kind: 'DMS', ...(q ? { q } : {}) });
  const setKey = useSetAccessKey();
  const [target, setTarget] = useState<AdminIntegration | null>(null);
  const [localError, setLocalError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!target) return;
    const parsed = setAccessKeyBody.safeParse(Object.fromEntries(new FormData(e.currentTarget)));
    if (!parsed.success) {
      setLocalError(t('errors.ACCESS_KEY_FORMAT'));
      return;
    }
    setLocalError(undefined);
    setKey.mutate(
      { id: target.id, accessKey: parsed.data.accessKey },
      {
        onSuccess: (i) => {
          setSaved(i.organization.name);
          toast.success(t('admin.keySaved', { distributor: i.organization.name }));
          setTarget(null);
        },
        onError: (err) => toast.error(message(err)),
      },
    );
  };

  return (
    <>
      <PageHeader title={t('admin.accessKeysTitle')} subtitle={t('admin.accessKeysSubtitle')} />
      {saved ? <Notice>{t('admin.keySaved', { distributor: saved })}</Notice> : null}
      <form className="filters" role="search" aria-label={t('admin.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('admin.search')} type="search" value={search} placeholder={t('admin.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
      </form>
      <ListTable
        query={loadedRows(list)}
        empty={q ? t('admin.noSearchMatches') : t('admin.noDms')}
        columns={[
          t('admin.distributor'),
          t('integrations.name'),
          t('integrations.state'),
          t('admin.keyLabel'),
          t('integrations.lastSync'),
          t('common.actions'),
        ]}
      >
        {(rows) =>
          rows.map((i) => (
            <tr key={i.id}>
              <td>{i.organization.name}</td>
              <td>
                <Link to={`/admin/integrations/${i.id}`}>{i.name}</Link>
              </td>
              <td>
                <IntegrationStateBadge state={i.state} />
                {i.state === 'ERROR' ? (
                  <SyncErrorText className="field-error" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
                ) : null}
              </td>
              <td className="nowrap">
                <code>{i.accessKey?.masked ?? '—'}</code>
              </td>
              <td>{formatDateTime(i.lastSyncAt, i18n.language)}</td>
              <td>
                <Button
                  variant={i.accessKey ? 'secondary' : 'primary'}
                  onClick={() => {
                    setSaved(null);
                    setKey.reset();
                    setLocalError(undefined);
                    setTarget(i);
                  }}
                >
                  {i.accessKey ? t('admin.rotateKey') : t('admin.setKey')}
                </Button>
              </td>
            </tr>
          ))
        }
      </ListTable>
      <LoadMore query={list} />
      <Dialog open={target !== null} title={target?.accessKey ? t('admin.rotateKey') : t('admin.setKey')} onClose={() => setTarget(null)}>
        <form onSubmit={onSubmit} noValidate>
          <p className="muted">{target?.organization.name}</p>
          <ErrorAlert error={setKey.error} />
          <Field
            label={t('admin.keyLabel')}
            name="accessKey"
            autoComplete="off"
            spellCheck={false}
            required
            error={localError}
            hint={t('admin.keyHint', { format: ACCESS_KEY_FORMAT })}
          />
          <Button type="submit" busy={setKey.isPending}>
            {setKey.isPending ? t('admin.verifying') : t('common.save')}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
