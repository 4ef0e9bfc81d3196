import type { PullRefusal } from '@portal/contracts';

/** The refusal of `pullRefusal` (@portal/contracts) in English, for logs and a run's error detail. */
export function describePullRefusal(refusal: PullRefusal): string {
  return refusal.reason === 'NOT_PULLED'
    ? `the integration is not pulled (${refusal.kind} integrations are not synced from a source)`
    : `the integration is ${refusal.state}`;
}
