import { ACCESS_KEY_FORMAT, type CreateIntegrationResponse } from '@portal/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { awaitsFirstSync } from '../../../components/live-refresh';
import { ListTable } from '../../../components/ui/list-state';
import { Button, Dialog, Field, PageHeader } from '../../../components/ui/ui';
import { useIntegrations } from '../api/integrations';
import { AddIntegrationDialog } from '../components/add-integration-dialog';
import { ApiKeyDialog } from '../components/api-key-dialog';
import { SapConnectDialog } from '../components/sap-connect-dialog';
import { DocumentTotalCell, LastSyncCell } from '../../../components/integration-cells';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { usePermission } from '../../../lib/permissions';

export function IntegrationsPage() {
  const { t } = useTranslation();
  const manage = usePermission('integrations:manage');
  const navigate = useNavigate();
  const list = useIntegrations();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  // An open menu closes on a click elsewhere or Escape, as menus do.
  useEffect(() => {
    if (!menuOpen) return;
    const onClick = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    document.addEventListener('mousedown', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);
  const [dialog, setDialog] = useState<'integration' | 'sap' | 'connection' | null>(null);
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [inviteLink, setInviteLink] = useState('');
  const [linkError, setLinkError] = useState<string | undefined>();

  const onCreated = (created: CreateIntegrationResponse) => {
    setDialog(null);
    if (created.apiKey) setApiKey(created.apiKey);
  };
  const hasDms = list.data?.data.some((i) => i.kind === 'DMS') ?? false;

  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        subtitle={t('integrations.subtitle')}
        actions={
          <div className="menu" ref={menuRef}>
            <Button aria-haspopup="menu" aria-expanded={menuOpen} disabled={!manage.allowed} title={manage.reason} onClick={() => setMenuOpen((o) => !o)}>
              {t('integrations.addNew')} ▾
            </Button>
            {menuOpen ? (
              <div role="menu" className="menu-list">
                <button role="menuitem" type="button" onClick={() => (setMenuOpen(false), setDialog('integration'))}>
                  {t('integrations.menuIntegration')}
                </button>
                <button role="menuitem" type="button" onClick={() => (setMenuOpen(false), setDialog('connection'))}>
                  {t('integrations.menuConnection')}
                </button>
              </div>
            ) : null}
          </div>
        }
      />
      <ListTable
        query={list}
        empty={
          <>
            <p>{t('integrations.empty')}</p>
            <Button onClick={() => setDialog('integration')}>{t('integrations.addFirst')}</Button>
          </>
        }
        columns={[
          t('integrations.name'),
          t('integrations.kind'),
          t('integrations.state'),
          t('integrations.lastSync'),
          { label: t('integrations.documents'), className: 'num' },
        ]}
      >
        {(rows) =>
          rows.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={`/integrations/${i.id}`}>{i.name}</Link>
                {i.state === 'AWAITING_ACCESS_KEY' ? <div className="muted small">{t('integrations.awaitingHint', { format: ACCESS_KEY_FORMAT })}</div> : null}
                {awaitsFirstSync(i) ? (
                  <div className="muted small" aria-live="polite">
                    {t('integrations.firstSyncHint')}
                  </div>
                ) : null}
                {i.state === 'ERROR' ? (
                  <SyncErrorText className="field-error" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
                ) : null}
              </td>
              <td>{t(`integrationKind.${i.kind}`)}</td>
              <td>
                <IntegrationStateBadge state={i.state} />
              </td>
              <LastSyncCell at={i.lastSyncAt} status={i.lastSyncStatus} />
              <DocumentTotalCell counts={i.documentCounts} />
            </tr>
          ))
        }
      </ListTable>

      {/* The router puts the connections feature's part of this page here. */}
      <Outlet />

      <AddIntegrationDialog
        open={dialog === 'integration'}
        hasDms={hasDms}
        // The chooser's native close event also fires when it gives way to the SAP form: only then is the form kept.
        onClose={() => setDialog((d) => (d === 'integration' ? null : d))}
        onCreated={onCreated}
        onConnectSap={() => setDialog('sap')}
      />
      <SapConnectDialog open={dialog === 'sap'} onClose={() => setDialog(null)} />
      <Dialog open={dialog === 'connection'} title={t('integrations.menuConnection')} onClose={() => setDialog(null)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const m = /\/invites\/([A-Za-z0-9_-]{43})/.exec(inviteLink);
            // A link cut short or pasted from elsewhere says so, instead of the button doing nothing.
            if (m) void navigate(`/invites/${m[1]}`);
            else setLinkError(t('integrations.inviteLinkInvalid'));
          }}
        >
          <Field
            label={t('connections.inviteTitle')}
            value={inviteLink}
            onChange={(e) => (setInviteLink(e.target.value), setLinkError(undefined))}
            placeholder="https://…/invites/…"
            hint={t('integrations.inviteLinkHint')}
            error={linkError}
          />
          <Button type="submit">{t('common.next')}</Button>
        </form>
      </Dialog>
      <ApiKeyDialog apiKey={apiKey} onClose={() => setApiKey(null)} />
    </>
  );
}
