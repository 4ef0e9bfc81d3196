import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog } from '../../../components/ui/ui';

/**
 * An ingestion API key, shown once (at Connect or after a roll). The dialog
 * stays open, Escape included, until the key was copied: closing it by
 * accident would lose the only copy.
 */
export function ApiKeyDialog({ apiKey, onClose }: { apiKey: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const codeRef = useRef<HTMLElement>(null);
  const close = () => {
    setCopied(false);
    onClose();
  };
  const copy = async () => {
    if (!apiKey) return;
    try {
      await navigator.clipboard.writeText(apiKey);
      toast.success(t('integrations.apiKeyCopied'));
    } catch {
      // No clipboard access (an insecure origin, a refused permission): the key is selected for Ctrl+C instead.
      const range = document.createRange();
      if (codeRef.current) range.selectNodeContents(codeRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      toast.info(t('integrations.apiKeyCopyManually'));
    }
    setCopied(true);
  };
  return (
    <Dialog
      open={apiKey !== null}
      title={t('integrations.apiKeyTitle')}
      onClose={close}
      dismissible={copied}
      footer={
        <>
          <Button variant={copied ? 'secondary' : 'primary'} onClick={() => void copy()}>
            {copied ? t('integrations.apiKeyCopyAgain') : t('integrations.apiKeyCopy')}
          </Button>
          <Button variant={copied ? 'primary' : 'secondary'} disabled={!copied} onClick={close}>
            {t('common.close')}
          </Button>
        </>
      }
    >
      <p>{t('integrations.apiKeyOnce')}</p>
      <code className="secret" data-testid="api-key" ref={codeRef}>
        {apiKey}
      </code>
      {copied ? null : <p className="small muted">{t('integrations.apiKeyCopyFirst')}</p>}
    </Dialog>
  );
}
