import { passwordResetRequestBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ErrorAlert, Field } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useRequestPasswordReset } from '../api/auth';
import { AuthCard } from '../components/auth-card';

/** "Lupa kata sandi?": the same answer whether or not an account has the email (docs/product/users-and-roles.md). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const mutation = useRequestPasswordReset();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget));
    const parsed = passwordResetRequestBody.safeParse(form);
    if (!parsed.success) {
      setFieldErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setFieldErrors({});
    mutation.mutate(parsed.data);
  };

  return (
    <AuthCard title={t('auth.forgotTitle')}>
      {mutation.isSuccess ? (
        <p role="status" className="alert alert-ok">
          {t('auth.forgotSent', { email: mutation.variables.email })}
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <p className="muted">{t('auth.forgotIntro')}</p>
          <ErrorAlert error={mutation.error} />
          <Field
            label={t('auth.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            error={fieldErrors.email ?? serverFieldMessages(mutation.error, t).email}
          />
          <Button type="submit" busy={mutation.isPending} className="btn-block">
            {mutation.isPending ? t('auth.sendingResetLink') : t('auth.sendResetLink')}
          </Button>
        </form>
      )}
      <p className="muted center">
        <Link to="/login">{t('auth.backToLogin')}</Link>
      </p>
    </AuthCard>
  );
}
