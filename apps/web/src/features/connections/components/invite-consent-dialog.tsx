import type { Integration, MeResponse } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Button, Dialog, ErrorAlert, Notice, Skeleton } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { useAnswerInvite, useInvite, useOwnIntegrations } from '../api/connections';
import { ConsentGroups } from './consent-groups';
import { InviteProblem } from './invite-problem';

/** Nothing the principal would see yet: no integration, or integrations without documents. */
function nothingToShare(integrations: Integration[]): 'nothingNoIntegration' | 'nothingNoDocuments' | null {
  if (integrations.length === 0) return 'nothingNoIntegration';
  const documents = integrations.reduce((sum, i) => sum + Object.values(i.documentCounts).reduce((a, n) => a + (n ?? 0), 0), 0);
  return documents === 0 ? 'nothingNoDocuments' : null;
}

/**
 * The consent popup of the connections guide (step 5), over the signed-in
 * organisation's own portal: a distributor allows access (to all or some of
 * its integrations) or declines; anyone else is told only distributors can.
 * Closing it leaves the invite unanswered, to open again from its link.
 */
export function InviteConsentDialog({ me }: { me: MeResponse }) {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const invite = useInvite(token);
  const isDistributor = me.organization.kind === 'DISTRIBUTOR';
  const integrations = useOwnIntegrations(isDistributor);
  const answer = useAnswerInvite(token);
  // Answering is connections:manage (owners and admins); others see the invite and why they cannot answer it.
  const manage = usePermission('connections:manage');
  const [chosen, setChosen] = useState<string[]>([]);
  const leave = () => void navigate('/', { replace: true });
  const respond = (variables: Parameters<typeof answer.mutate>[0]) => answer.mutate(variables, { onSuccess: leave });

  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const available = integrations.data?.data ?? [];
  const nothing = integrations.data ? nothingToShare(available) : null;
  const canAnswer = isDistributor && invite.data !== undefined;

  return (
    <Dialog
      open
      title={invite.error ? t('connections.goneTitle') : t('connections.consentTitle')}
      onClose={leave}
      footer={
        canAnswer ? (
          <>
            <Button
              variant="secondary"
              busy={answer.isPending && answer.variables.answer === 'decline'}
              disabled={!manage.allowed}
              title={manage.reason}
              onClick={() => respond({ answer: 'decline' })}
            >
              {t('connections.decline')}
            </Button>
            <Button
              busy={answer.isPending && answer.variables.answer === 'accept'}
              disabled={integrations.isPending || !manage.allowed}
              title={manage.reason}
              onClick={() => respond({ answer: 'accept', body: chosen.length ? { integrationIds: chosen } : {} })}
            >
              {t('connections.allow')}
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={leave}>
            {t('common.close')}
          </Button>
        )
      }
    >
      {invite.isPending ? (
        <Skeleton />
      ) : invite.error ? (
        <InviteProblem error={invite.error} />
      ) : !isDistributor ? (
        <div role="alert" className="alert alert-error">
          {t('connections.onlyDistributor')}
        </div>
      ) : (
        <>
          <p>{t('connections.consentText', { principal: invite.data.principal.name })}</p>
          {manage.allowed ? null : (
            <div role="alert" className="alert alert-error">
              {manage.reason}
            </div>
          )}
          <ConsentGroups />
          <p className="muted small">{t('connections.expiresOn', { date: formatDateTime(invite.data.expiresAt, i18n.language) })}</p>
          <ErrorAlert error={integrations.error} onRetry={integrations.refetch} />
          {integrations.isPending ? <Skeleton lines={2} /> : null}
          {nothing ? <Notice>{t(`connections.${nothing}`)}</Notice> : null}
          {available.length > 0 ? (
            <fieldset className="field">
              <legend>{t('connections.sources')}</legend>
              <label>
                <input type="checkbox" checked={chosen.length === 0} onChange={() => setChosen([])} /> {t('connections.allIntegrations')}
              </label>
              {available.map((i) => (
                <label key={i.id}>
                  <input type="checkbox" checked={chosen.includes(i.id)} onChange={() => toggle(i.id)} /> {i.name} ({t(`integrationKind.${i.kind}`)})
                </label>
              ))}
            </fieldset>
          ) : null}
          <ErrorAlert error={answer.error} />
        </>
      )}
    </Dialog>
  );
}
