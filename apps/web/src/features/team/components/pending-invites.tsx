import type { MemberInviteItem } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Button } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useCancelMemberInvite } from '../api/team';

export function PendingInvites({ invites }: { invites: MemberInviteItem[] }) {
  const { t, i18n } = useTranslation();
  const cancel = useCancelMemberInvite();
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      toast.success(t('team.linkCopied'));
    } catch {
      toast.error(t('connections.copyFailed'));
    }
  };
  if (invites.length === 0) return <p className="muted">{t('team.noPending')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>{t('team.email')}</th>
            <th>{t('team.role')}</th>
            <th>{t('team.invitedBy')}</th>
            <th>{t('team.expires')}</th>
            <th>
              <span className="sr-only">{t('team.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id} data-testid={`invite-${i.email}`}>
              <td>{i.email}</td>
              <td>{t(`roles.${i.role}`)}</td>
              <td>{i.invitedBy}</td>
              <td>{formatDateTime(i.expiresAt, i18n.language)}</td>
              <td className="row">
                {i.url ? (
                  <Button variant="secondary" onClick={() => void copy(i.url!)}>
                    {t('team.copyLink')}
                  </Button>
                ) : null}
                <ConfirmButton
                  variant="ghost"
                  title={t('team.cancelTitle')}
                  message={t('team.cancelText', { email: i.email })}
                  confirmLabel={t('team.cancelInvite')}
                  busy={cancel.isPending}
                  onConfirm={() => cancel.mutate(i.id)}
                >
                  {t('team.cancelInvite')}
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
