import type { Integration } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Dialog } from '../../../components/ui/ui';
import { useReplaceSapCredentials } from '../api/sap';
import { sapDraftFromSettings } from '../utils/sap-draft';
import { SapConnectForm } from './sap-connect-form';

/**
 * Re-authenticate an SAP integration: the same form, filled with the stored
 * settings but no secret, tested, then `PUT …/sap-credentials`. A refusal
 * leaves the integration as it was and shows what each service answered; a
 * success brings an integration parked in ERROR back to ACTIVE.
 */
export function SapReauthenticateDialog({ integration, open, onClose }: { integration: Integration; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const replace = useReplaceSapCredentials(integration.id);
  if (!integration.sap) return null;
  return (
    <Dialog open={open} title={t('sap.reauthenticate')} onClose={onClose}>
      <p className="muted small">{t('sap.reauthIntro')}</p>
      <SapConnectForm
        initial={sapDraftFromSettings(integration.sap)}
        withName={false}
        saveLabel={t('sap.reauthSave')}
        saving={replace.isPending}
        onSave={async (sap) => {
          const updated = await replace.mutateAsync(sap);
          toast.success(t('sap.reauthDone', { name: updated.name }));
          onClose();
        }}
      />
    </Dialog>
  );
}
