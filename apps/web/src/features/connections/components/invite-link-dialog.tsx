import type { InviteCreated } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, Dialog } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';

/** An invite's link with its expiry and Copy Link, as the guide's popup shows it: right after Add New, and again from the list. */
export function InviteLinkDialog({ invite, onClose }: { invite: InviteCreated | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(url);
      toast.success(t('connections.copied'));
    } catch {
      // No clipboard (permission refused, insecure origin): the link stays selectable in the field.
      toast.error(t('connections.copyFailed'));
    }
  };

  return (
    <Dialog open={invite !== null} title={t('connections.inviteTitle')} onClose={onClose}>
      {invite ? (
        <>
          <p>{t('connections.inviteText', { date: formatDateTime(invite.expiresAt, i18n.language) })}</p>
          <div className="copy-row">
            <input readOnly value={invite.url} aria-label={t('connections.inviteTitle')} data-testid="invite-url" onFocus={(e) => e.currentTarget.select()} />
            <Button onClick={() => void copy(invite.url)}>{t('connections.copyLink')}</Button>
          </div>
          {copied === invite.url ? (
            <p role="status" className="ok-text">
              ✓ {t('connections.copied')}
            </p>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
