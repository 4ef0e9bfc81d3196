import { changePasswordBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, ErrorAlert, Field } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useChangePassword } from '../api/auth';

/** The signed-in user's own account: change password (ends the other sessions, keeps this one). */
export function AccountPage() {
  const { t } = useTranslation();
  const mutation = useChangePassword();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = Object.fromEntries(new FormData(formEl));
    const parsed = changePasswordBody.safeParse(form);
    if (!parsed.success) {
      setFieldErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setFieldErrors({});
    mutation.mutate(parsed.data, {
      onSuccess: () => {
        formEl.reset();
        toast.success(t('auth.passwordChanged'));
      },
    });
  };
  const serverFields = serverFieldMessages(mutation.error, t);

  return (
    <section>
      <div className="page-header">
        <h1>{t('auth.accountTitle')}</h1>
      </div>
      <div className="card account-card">
        <h2>{t('auth.changePasswordTitle')}</h2>
        <p className="muted">{t('auth.changePasswordIntro')}</p>
        <form onSubmit={onSubmit} noValidate>
          <ErrorAlert error={mutation.error} />
          <Field
            label={t('auth.currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={fieldErrors.currentPassword ?? serverFields.currentPassword}
          />
          <Field
            label={t('auth.newPassword')}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint={t('auth.passwordHint')}
            required
            error={fieldErrors.newPassword ?? serverFields.newPassword}
          />
          <Button type="submit" busy={mutation.isPending}>
            {mutation.isPending ? t('auth.savingPassword') : t('auth.changePassword')}
          </Button>
        </form>
      </div>
    </section>
  );
}
