import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog } from '../../../components/ui/ui';

/** A secret the API shows this once (a key, a client's credentials), each value with its Copy button. */
export function SecretDialog({
  title,
  values,
  onClose,
}: {
  title: string;
  values: { label: string; value: string; testId: string }[] | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(value);
      toast.success(t('apiAccess.copied'));
    } catch {
      // No clipboard (permission refused, insecure origin): the value stays selectable in its field.
      toast.error(t('apiAccess.copyFailed'));
    }
  };
  return (
    <Dialog open={values !== null} title={title} onClose={onClose} footer={<Button onClick={onClose}>{t('apiAccess.savedIt')}</Button>}>
      <p>{t('apiAccess.shownOnce')}</p>
      {values?.map((v) => (
        <div key={v.testId} className="field">
          <label>{v.label}</label>
          <div className="copy-row">
            <input readOnly value={v.value} aria-label={v.label} data-testid={v.testId} onFocus={(e) => e.currentTarget.select()} />
            <Button variant="secondary" onClick={() => void copy(v.value)}>
              {copied === v.value ? `✓ ${t('apiAccess.copied')}` : t('apiAccess.copy')}
            </Button>
          </div>
        </div>
      ))}
    </Dialog>
  );
}
