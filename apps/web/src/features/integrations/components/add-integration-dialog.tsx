import type { CreateIntegrationResponse, IntegrationKind } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog, ErrorAlert, Field, useErrorMessage } from '../../../components/ui/ui';
import { useCreateIntegration } from '../api/integrations';

const KINDS: { kind: IntegrationKind; title: string; desc: string }[] = [
  { kind: 'EXTERNAL', title: 'integrations.external', desc: 'integrations.externalDesc' },
  { kind: 'DMS', title: 'integrations.dms', desc: 'integrations.dmsDesc' },
  { kind: 'SAP', title: 'integrations.sap', desc: 'integrations.sapDesc' },
];

/**
 * Choose what to connect. An External integration is named here (a distributor
 * may have many); a DMS cannot be connected twice, so its Connect is disabled,
 * with the reason, once the distributor has one; an SAP's Connect opens its
 * connection form (`onConnectSap`), since nothing is created before a test passes.
 */
export function AddIntegrationDialog({
  open,
  hasDms,
  onClose,
  onCreated,
  onConnectSap,
}: {
  open: boolean;
  hasDms: boolean;
  onClose: () => void;
  onCreated: (i: CreateIntegrationResponse) => void;
  onConnectSap: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const create = useCreateIntegration();
  const [pending, setPending] = useState<IntegrationKind | null>(null);
  const [externalName, setExternalName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const close = () => {
    create.reset();
    setExternalName('');
    setNameError(undefined);
    onClose();
  };
  const connect = (kind: 'DMS' | 'EXTERNAL', name?: string) => {
    setPending(kind);
    create.mutate(
      { kind, ...(name ? { name } : {}) },
      {
        onSuccess: (created) => {
          toast.success(t('integrations.created', { name: created.name }));
          setExternalName('');
          onCreated(created);
        },
        onError: (err) => toast.error(message(err)),
      },
    );
  };
  const onExternalSubmit = (e: FormEvent) => {
    e.preventDefault();
    const name = externalName.trim();
    if (!name) {
      setNameError(t('integrations.nameRequired'));
      return;
    }
    connect('EXTERNAL', name);
  };
  const busy = (kind: IntegrationKind) => create.isPending && pending === kind;
  const connectLabel = (kind: IntegrationKind) => (busy(kind) ? t('integrations.connecting') : t('integrations.connect'));

  return (
    <Dialog open={open} title={t('integrations.chooseKind')} onClose={close}>
      <p className="muted small">{t('integrations.rule')}</p>
      <ErrorAlert error={create.error} />
      <div className="kind-grid">
        {KINDS.map((k) => (
          <section key={k.kind} className="kind-card" aria-label={t(k.title)}>
            <h3>{t(k.title)}</h3>
            <p className="muted small">{t(k.desc)}</p>
            {k.kind === 'EXTERNAL' ? (
              <form onSubmit={onExternalSubmit} noValidate>
                <Field
                  label={t('integrations.externalName')}
                  value={externalName}
                  maxLength={120}
                  placeholder={t('integrations.externalNamePlaceholder')}
                  error={nameError}
                  onChange={(e) => (setExternalName(e.target.value), setNameError(undefined))}
                />
                <Button type="submit" busy={busy(k.kind)}>
                  {connectLabel(k.kind)}
                </Button>
              </form>
            ) : k.kind === 'DMS' && hasDms ? (
              <>
                <Button disabled variant="secondary" aria-describedby="dms-exists-reason">
                  {t('integrations.connect')}
                </Button>
                <p id="dms-exists-reason" className="small muted">
                  {t('integrations.dmsExists')}
                </p>
              </>
            ) : k.kind === 'SAP' ? (
              <Button onClick={onConnectSap}>{t('integrations.connect')}</Button>
            ) : (
              <Button busy={busy(k.kind)} onClick={() => connect('DMS')}>
                {connectLabel(k.kind)}
              </Button>
            )}
          </section>
        ))}
      </div>
    </Dialog>
  );
}
