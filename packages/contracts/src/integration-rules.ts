import type { IntegrationKind, IntegrationState } from './integrations';

/**
 * Integration kinds a sync pulls from (External pushes, so it is not one).
 * Each must have a source connector: `packages/connectors/src/registry.ts`
 * refuses to compile otherwise. Here, not there, so the SPA shares the rule.
 */
export const PULLED_KINDS = ['DMS', 'SAP'] as const satisfies readonly IntegrationKind[];
export type PulledKind = (typeof PULLED_KINDS)[number];

export function isPulledKind(kind: IntegrationKind): kind is PulledKind {
  return (PULLED_KINDS as readonly IntegrationKind[]).includes(kind);
}

/** Why a sync may not pull from an integration now. */
export type PullRefusal = { reason: 'NOT_PULLED'; kind: IntegrationKind } | { reason: 'NOT_ACTIVE'; state: IntegrationState };

/**
 * The rule every sync entry point applies (sync now, retry, re-consolidate,
 * the schedule tick, the lost-run sweep, the SPA's Sync now button): only a
 * pulled kind, and only while ACTIVE. Null when a sync may run.
 */
export function pullRefusal(integration: { kind: IntegrationKind; state: IntegrationState }): PullRefusal | null {
  if (!isPulledKind(integration.kind)) return { reason: 'NOT_PULLED', kind: integration.kind };
  if (integration.state !== 'ACTIVE') return { reason: 'NOT_ACTIVE', state: integration.state };
  return null;
}

/** Kinds whose credential is an AccessKey a platform admin sets: they wait in AWAITING_ACCESS_KEY until then. */
export const ACCESS_KEY_KINDS = ['DMS'] as const satisfies readonly IntegrationKind[];

export function takesAccessKey(kind: IntegrationKind): boolean {
  return (ACCESS_KEY_KINDS as readonly IntegrationKind[]).includes(kind);
}

/**
 * How each pulled kind's credential is named when the source rejects it: the
 * English reason an integration is parked with (the worker) and who must set
 * working ones (the API's refusals). The SPA translates by code and `source`.
 */
export const CREDENTIAL_TEXTS = {
  DMS: { rejected: 'AccessKey rejected', remedy: 'a platform admin must set a working AccessKey' },
  SAP: { rejected: 'SAP credentials rejected', remedy: 'the distributor must replace the SAP credentials (re-authenticate)' },
} as const satisfies Record<PulledKind, { rejected: string; remedy: string }>;
