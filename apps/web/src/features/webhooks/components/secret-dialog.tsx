import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog } from '../../../components/ui/ui';

/** An endpoint's signing secret, shown this once (after create and after rotate), with Copy. */
export function SecretDialog({ title, secret, onClose }: { title: string; secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async (value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(t('webhooks.copied'));
    } catch {
      // No clipboard (permission refused, insecure origin): the value stays selectable in its field.
      toast.error(t('webhooks.copyFailed'));
    }
  };
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Dialog open={secret !== null} title={title} onClose={close} footer={<Button onClick={close}>{t('webhooks.savedIt')}</Button>}>
      <p>{t('webhooks.secretShownOnce')}</p>
      {secret ? (
        <div className="field">
          <label>{t('webhooks.secret')}</label>
          <div className="copy-row">
            <input readOnly value={secret} aria-label={t('webhooks.secret')} data-testid="webhook-secret" onFocus={(e) => e.currentTarget.select()} />
            <Button variant="secondary" onClick={() => void copy(secret)}>
              {copied ? `✓ ${t('webhooks.copied')}` : t('webhooks.copy')}
            </Button>
          </div>
        </div>
      ) : null}
      <p className="small muted">{t('webhooks.verifyHint')}</p>
    </Dialog>
  );
}
