import { acceptMemberInviteBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch';
import { Button, ErrorAlert, Field, Skeleton } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useAcceptMemberInvite, useMemberInvite } from '../api/team';

/** Where a member invite link lands: who invites whom into what, then name and password, and the new member is signed in. */
export function JoinPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const invite = useMemberInvite(token);
  const accept = useAcceptMemberInvite(token);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget));
    // The new member's account starts in the language they join in (their mail is written in it).
    const parsed = acceptMemberInviteBody.safeParse({ ...form, locale: i18n.resolvedLanguage });
    if (!parsed.success) {
      setErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setErrors({});
    accept.mutate(parsed.data, { onSuccess: () => void navigate('/', { replace: true }) });
  };
  const server = serverFieldMessages(accept.error, t);
  const err = (k: string) => errors[k] ?? server[k];

  return (
    <main className="auth-wrap">
      <div className="auth-card" aria-labelledby="join-title">
        <div className="auth-brand">
          <span className="logo" aria-hidden>
            ◆
          </span>
          <strong>{t('app.name')}</strong>
          <LanguageSwitch />
        </div>
        {invite.isPending ? (
          <Skeleton />
        ) : invite.error ? (
          <>
            <h1 id="join-title">{t('team.joinGone')}</h1>
            <ErrorAlert error={invite.error} />
            <p>
              <Link to="/">{t('connections.toPortal')}</Link>
            </p>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <h1 id="join-title">{t('team.joinTitle', { organization: invite.data.organization.name })}</h1>
            <p>{t('team.joinText', { inviter: invite.data.inviterName, email: invite.data.email, role: t(`roles.${invite.data.role}`) })}</p>
            <ErrorAlert error={accept.error} />
            <Field label={t('auth.name')} name="name" autoComplete="name" required error={err('name')} />
            <Field label={t('auth.password')} name="password" type="password" autoComplete="new-password" required minLength={8} error={err('password')} />
            <Button type="submit" busy={accept.isPending} className="btn-block">
              {t('team.join')}
            </Button>
          </form>
        )}
      </div>
    </main>
  );
}
