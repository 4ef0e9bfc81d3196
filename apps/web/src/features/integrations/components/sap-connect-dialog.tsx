import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Dialog } from '../../../components/ui/ui';
import { useCreateIntegration } from '../api/integrations';
import { emptySapDraft } from '../utils/sap-draft';
import { SapConnectForm } from './sap-connect-form';

/**
 * Connect an SAP: the form, then `POST /api/integrations` with the tested
 * connection. The API tests it once more and stores nothing unless it
 * passes; the new integration (ACTIVE, templates generated, first sync
 * queued) opens on its own page.
 */
export function SapConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateIntegration();
  return (
    <Dialog open={open} title={t('sap.connectTitle')} onClose={onClose}>
      <SapConnectForm
        initial={emptySapDraft()}
        withName
        saveLabel={t('sap.save')}
        saving={create.isPending}
        onSave={async (sap, name) => {
          const created = await create.mutateAsync({ kind: 'SAP', sap, ...(name ? { name } : {}) });
          toast.success(t('integrations.created', { name: created.name }));
          onClose();
          await navigate(`/integrations/${created.id}`);
        }}
      />
    </Dialog>
  );
}
