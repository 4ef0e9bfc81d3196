import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client';

/** Why an invite link cannot be answered: used, expired or cancelled (410), unknown (404), or a failure of ours. */
export function InviteProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <div role="alert" className="alert alert-error">
      {status === 410 ? t('errors.INVITE_GONE') : status === 404 ? t('connections.notFound') : t('errors.INTERNAL')}
    </div>
  );
}
