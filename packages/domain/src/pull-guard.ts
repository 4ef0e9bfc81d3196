import { isPulledKind } from '@portal/connectors';
import type { IntegrationKind, IntegrationState } from '@portal/contracts';

// The pulled kinds are the kinds that have a source connector (the registry in @portal/connectors).
export { isPulledKind, PULLED_KINDS, type PulledKind } from '@portal/connectors';

/** Why a sync may not pull from an integration now. */
export type PullRefusal = { reason: 'NOT_PULLED'; kind: IntegrationKind } | { reason: 'NOT_ACTIVE'; state: IntegrationState };

/**
 * The rule every sync entry point applies (sync now, retry, re-consolidate,
 * the schedule tick, the lost-run sweep): only a pulled kind, and only while
 * ACTIVE. Null when a sync may run.
 */
export function pullRefusal(integration: { kind: IntegrationKind; state: IntegrationState }): PullRefusal | null {
  if (!isPulledKind(integration.kind)) return { reason: 'NOT_PULLED', kind: integration.kind };
  if (integration.state !== 'ACTIVE') return { reason: 'NOT_ACTIVE', state: integration.state };
  return null;
}

/** The refusal in English, for logs and a run's error detail. */
export function describePullRefusal(refusal: PullRefusal): string {
  return refusal.reason === 'NOT_PULLED'
    ? `the integration is not pulled (${refusal.kind} integrations are not synced from a source)`
    : `the integration is ${refusal.state}`;
}
