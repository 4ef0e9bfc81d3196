import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog, ErrorAlert, Field, useErrorMessage } from '../../../components/ui/ui';
import { useRenameIntegration } from '../api/integrations';

/** A button that opens a small form to rename the integration. */
export function RenameIntegrationButton({ integrationId, name }: { integrationId: string; name: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const rename = useRenameIntegration(integrationId);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = value.trim();
    if (!next) {
      setError(t('integrations.nameRequired'));
      return;
    }
    rename.mutate(next, {
      onSuccess: (i) => {
        toast.success(t('integrations.renamed', { name: i.name }));
        setOpen(false);
      },
      onError: (err) => toast.error(message(err)),
    });
  };
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setValue(name);
          setError(undefined);
          rename.reset();
          setOpen(true);
        }}
      >
        {t('integrations.rename')}
      </Button>
      <Dialog open={open} title={t('integrations.rename')} onClose={() => setOpen(false)}>
        <form onSubmit={onSubmit} noValidate>
          <ErrorAlert error={rename.error} />
          <Field label={t('integrations.name')} value={value} maxLength={120} error={error} onChange={(e) => (setValue(e.target.value), setError(undefined))} />
          <Button type="submit" busy={rename.isPending}>
            {t('common.save')}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
