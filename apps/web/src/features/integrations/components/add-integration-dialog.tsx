import type { CreateIntegrationResponse, IntegrationKind } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert } from '../../../components/ui/ui';
import { useCreateIntegration } from '../api/integrations';

const KINDS: { kind: IntegrationKind; title: string; desc: string; available: boolean }[] = [
  { kind: 'EXTERNAL', title: 'integrations.external', desc: 'integrations.externalDesc', available: true },
  { kind: 'DMS', title: 'integrations.dms', desc: 'integrations.dmsDesc', available: true },
  { kind: 'SAP', title: 'integrations.sap', desc: 'integrations.sapDesc', available: false },
];

export function AddIntegrationDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (i: CreateIntegrationResponse) => void }) {
  const { t } = useTranslation();
  const create = useCreateIntegration();
  const [pending, setPending] = useState<IntegrationKind | null>(null);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} title={t('integrations.chooseKind')} onClose={close}>
      <p className="muted small">{t('integrations.rule')}</p>
      <ErrorAlert error={create.error} />
      <div className="kind-grid">
        {KINDS.map((k) => (
          <section key={k.kind} className="kind-card" aria-label={t(k.title)}>
            <h3>{t(k.title)}</h3>
            <p className="muted small">{t(k.desc)}</p>
            {k.available ? (
              <Button
                busy={create.isPending && pending === k.kind}
                onClick={() => {
                  setPending(k.kind);
                  create.mutate({ kind: k.kind }, { onSuccess: (created) => onCreated(created) });
                }}
              >
                {create.isPending && pending === k.kind ? t('integrations.connecting') : t('integrations.connect')}
              </Button>
            ) : (
              <Button disabled variant="secondary" title={t('integrations.comingSoon')}>
                {t('integrations.comingSoon')}
              </Button>
            )}
          </section>
        ))}
      </div>
    </Dialog>
  );
}
