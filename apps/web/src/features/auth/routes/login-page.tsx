import { loginBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, ErrorAlert, Field, useErrorMessage } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useLogin } from '../api/auth';
import { AuthCard, safeNext } from '../components/auth-card';

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const message = useErrorMessage();
  const mutation = useLogin();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget));
    const parsed = loginBody.safeParse(form);
    if (!parsed.success) {
      setFieldErrors(issueMessages(parsed.error.issues, form, t));
      return;
    }
    setFieldErrors({});
    mutation.mutate(parsed.data, {
      onSuccess: () => void navigate(next ?? '/', { replace: true }),
      onError: (err) => void toast.error(message(err)),
    });
  };
  const serverFields = serverFieldMessages(mutation.error, t);

  return (
    <AuthCard title={t('auth.loginTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <ErrorAlert error={mutation.error} />
        <Field label={t('auth.email')} name="email" type="email" autoComplete="username" required error={fieldErrors.email ?? serverFields.email} />
        <Field
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password ?? serverFields.password}
        />
        <p className="small">
          <Link to="/forgot-password">{t('auth.forgotLink')}</Link>
        </p>
        <Button type="submit" busy={mutation.isPending} className="btn-block">
          {mutation.isPending ? t('auth.signingIn') : t('auth.login')}
        </Button>
      </form>
      <p className="muted center">
        {t('auth.noAccount')} <Link to={`/register${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.register')}</Link>
      </p>
    </AuthCard>
  );
}
