import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button } from './ui/ui';

/**
 * SAP's own error as it sent it: its code and message (SAP's language, kept
 * as written) and the transaction id SAP support asks for, with a copy button.
 * Shown under the portal's translated reason, in a test report or a run.
 */
export function SapErrorDetail({ code, message, transactionId }: { code: string | null; message: string | null; transactionId: string | null }) {
  const { t } = useTranslation();
  if (!code && !message && !transactionId) return null;
  const copy = async (value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(t('sap.copied'));
    } catch {
      // No clipboard access: the id stays selectable on screen.
      toast.info(t('sap.copyManually'));
    }
  };
  return (
    <dl className="sap-error small" data-testid="sap-error">
      {code || message ? (
        <>
          <dt>{t('sap.sapError')}</dt>
          <dd>
            {code ? <code>{code}</code> : null} {message ? <span>{message}</span> : null}
          </dd>
        </>
      ) : null}
      {transactionId ? (
        <>
          <dt>{t('sap.transactionId')}</dt>
          <dd>
            <code data-testid="sap-transaction-id">{transactionId}</code>{' '}
            <Button variant="ghost" className="btn-inline" onClick={() => void copy(transactionId)}>
              {t('sap.copy')}
            </Button>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
