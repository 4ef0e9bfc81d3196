import { passwordResetConfirmBody, passwordResetToken } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Button, ErrorAlert, Field } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useConfirmPasswordReset } from '../api/auth';
import { AuthCard } from '../components/auth-card';

/** The emailed link opens here; its token rides in the fragment (`#token=…`), never sent to a server by the browser. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = passwordResetToken.safeParse(new URLSearchParams(useLocation().hash.slice(1)).get('token'));
  const mutation = useConfirmPasswordReset();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = { ...Object.fromEntries(new FormData(e.currentTarget)), token: token.data };
    const parsed = passwordResetConfirmBody.safeParse(form);
    if (!parsed.success) {
      setFieldErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setFieldErrors({});
    mutation.mutate(parsed.data, {
      onSuccess: () => {
        toast.success(t('auth.resetDone'));
        void navigate('/login', { replace: true });
      },
    });
  };

  return (
    <AuthCard title={t('auth.resetTitle')}>
      {token.success ? (
        <form onSubmit={onSubmit} noValidate>
          <ErrorAlert error={mutation.error} />
          <Field
            label={t('auth.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            hint={t('auth.passwordHint')}
            required
            error={fieldErrors.password ?? serverFieldMessages(mutation.error, t).password}
          />
          <Button type="submit" busy={mutation.isPending} className="btn-block">
            {mutation.isPending ? t('auth.savingPassword') : t('auth.saveNewPassword')}
          </Button>
        </form>
      ) : (
        <p role="alert" className="alert alert-error">
          {t('auth.resetNoToken')}
        </p>
      )}
      <p className="muted center">
        <Link to="/forgot-password">{t('auth.requestNewLink')}</Link> · <Link to="/login">{t('auth.backToLogin')}</Link>
      </p>
    </AuthCard>
  );
}
