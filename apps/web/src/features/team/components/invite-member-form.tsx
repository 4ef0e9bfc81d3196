import { canManageOwners, createMemberInviteBody, type MemberInviteCreated, membershipRole, type MeResponse } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Select } from '../../../components/ui/ui';
import { issueMessages } from '../../../lib/form-errors';
import { useInviteMember } from '../api/team';

/** Email, role and the email's language; the link comes back to copy as well as by email. */
export function InviteMemberForm({ me, onInvited }: { me: MeResponse; onInvited: (invite: MemberInviteCreated) => void }) {
  const { t, i18n } = useTranslation();
  const invite = useInviteMember();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = Object.fromEntries(new FormData(formEl));
    const parsed = createMemberInviteBody.safeParse(form);
    if (!parsed.success) {
      setErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setErrors({});
    invite.mutate(parsed.data, {
      onSuccess: (created) => {
        formEl.reset();
        onInvited(created);
      },
    });
  };

  return (
    <form className="card form-row" onSubmit={onSubmit} noValidate aria-label={t('team.invite')}>
      <Field label={t('team.email')} name="email" type="email" required error={errors.email} />
      <Select label={t('team.role')} name="role" defaultValue="MEMBER">
        {membershipRole.options
          .filter((r) => r !== 'OWNER' || canManageOwners(me.user.role))
          .map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
      </Select>
      <Select label={t('team.inviteLanguage')} name="locale" defaultValue={i18n.language === 'en' ? 'en' : 'id'}>
        <option value="id">Bahasa Indonesia</option>
        <option value="en">English</option>
      </Select>
      <Button type="submit" busy={invite.isPending}>
        {t('team.inviteSend')}
      </Button>
    </form>
  );
}
