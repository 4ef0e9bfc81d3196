import { canManageOwners, type MemberItem, membershipRole, type MeResponse } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { formatDate } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { useChangeMemberRole, useRemoveMember } from '../api/team';

/** The organisation's users; owners and admins change roles and remove (only owners touch OWNER; nobody their own role). */
export function MembersTable({ members, me }: { members: MemberItem[]; me: MeResponse }) {
  const { t, i18n } = useTranslation();
  const manage = usePermission('members:manage');
  const changeRole = useChangeMemberRole();
  const remove = useRemoveMember();
  const owner = canManageOwners(me.user.role);
  const owners = members.filter((m) => m.role === 'OWNER').length;

  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>{t('team.name')}</th>
            <th>{t('team.email')}</th>
            <th>{t('team.role')}</th>
            <th>{t('team.joined')}</th>
            {/* The cell stays in the table's layout; only its text is for screen readers. */}
            <th>
              <span className="sr-only">{t('team.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const self = m.id === me.user.id;
            const reason = !manage.allowed
              ? manage.reason
              : self
                ? t('errors.OWN_MEMBERSHIP')
                : m.role === 'OWNER' && !owner
                  ? t('errors.OWNER_ONLY')
                  : undefined;
            // The API refuses these too (OWNER_ONLY, LAST_OWNER); the button says why before anyone tries.
            const removeReason = !manage.allowed
              ? manage.reason
              : m.role === 'OWNER' && !owner
                ? t('errors.OWNER_ONLY')
                : m.role === 'OWNER' && owners === 1
                  ? t('errors.LAST_OWNER')
                  : undefined;
            return (
              <tr key={m.id} data-testid={`member-${m.email}`}>
                <td>
                  {m.name} {self ? <span className="muted">{t('team.you')}</span> : null}
                </td>
                <td>{m.email}</td>
                <td>
                  <span title={reason}>
                    <select
                      aria-label={t('team.role')}
                      value={m.role}
                      disabled={reason !== undefined || changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ id: m.id, role: membershipRole.parse(e.target.value) })}
                    >
                      {membershipRole.options.map((r) => (
                        <option key={r} value={r} disabled={r === 'OWNER' && !owner}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </span>
                </td>
                <td>{formatDate(m.joinedAt, i18n.language)}</td>
                <td>
                  <span title={removeReason}>
                    <ConfirmButton
                      variant="ghost"
                      title={t('team.removeTitle')}
                      message={t('team.removeText', { name: m.name })}
                      confirmLabel={t('team.remove')}
                      disabled={removeReason !== undefined}
                      busy={remove.isPending}
                      onConfirm={() => remove.mutate({ id: m.id, name: m.name })}
                    >
                      {t('team.remove')}
                    </ConfirmButton>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
