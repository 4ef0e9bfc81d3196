import type { IntegrationState, SyncRunStatus } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from './ui/ui';

const STATE_TONE = { ACTIVE: 'ok', AWAITING_ACCESS_KEY: 'warn', ERROR: 'error', DISABLED: 'muted' } as const;
const RUN_TONE = { SUCCEEDED: 'ok', PARTIAL: 'warn', FAILED: 'error', RUNNING: 'info', QUEUED: 'muted' } as const;

/** An integration's state, the same colours wherever distributors or admins see it. */
export function IntegrationStateBadge({ state }: { state: IntegrationState }) {
  const { t } = useTranslation();
  return <Badge tone={STATE_TONE[state]}>{t(`state.${state}`)}</Badge>;
}

export function SyncRunBadge({ status }: { status: SyncRunStatus }) {
  const { t } = useTranslation();
  return <Badge tone={RUN_TONE[status]}>{t(`runStatus.${status}`)}</Badge>;
}
