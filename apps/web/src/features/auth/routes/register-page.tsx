import { registerBody } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, ErrorAlert, Field, useErrorMessage } from '../../../components/ui/ui';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useRegister } from '../api/auth';
import { AuthCard, safeNext } from '../components/auth-card';

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const message = useErrorMessage();
  const mutation = useRegister();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget));
    // The account starts in the language the owner signs up in (their mail is written in it).
    const parsed = registerBody.safeParse({ ...form, locale: i18n.resolvedLanguage });
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
  const server = serverFieldMessages(mutation.error, t);
  const err = (k: string) => fieldErrors[k] ?? server[k];

  return (
    <AuthCard title={t('auth.registerTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <ErrorAlert error={mutation.error} />
        <fieldset className="field">
          <legend>{t('auth.organizationKind')}</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name="organizationKind" value="DISTRIBUTOR" defaultChecked /> {t('auth.kindDistributor')}
            </label>
            <label>
              <input type="radio" name="organizationKind" value="PRINCIPAL" /> {t('auth.kindPrincipal')}
            </label>
          </div>
        </fieldset>
        <Field label={t('auth.organizationName')} name="organizationName" required error={err('organizationName')} />
        <Field label={t('auth.name')} name="name" autoComplete="name" required error={err('name')} />
        <Field label={t('auth.email')} name="email" type="email" autoComplete="username" required error={err('email')} />
        <Field label={t('auth.password')} name="password" type="password" autoComplete="new-password" required minLength={8} error={err('password')} />
        <Button type="submit" busy={mutation.isPending} className="btn-block">
          {mutation.isPending ? t('auth.registering') : t('auth.register')}
        </Button>
      </form>
      <p className="muted center">
        {t('auth.haveAccount')} <Link to={`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.login')}</Link>
      </p>
    </AuthCard>
  );
}
