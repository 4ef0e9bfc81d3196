import { type IntegrationKind, type IntegrationState, type SyncErrorCode, type SyncErrorParams, takesAccessKey } from '@portal/contracts';
import { Prisma } from '@portal/db';

/**
 * An integration's lifecycle, as the only place its state columns are
 * decided: AWAITING_ACCESS_KEY (a DMS without a key) → ACTIVE → ERROR
 * (parked with a reason) or DISABLED (by the distributor). Each move answers
 * the integrations columns to write: the state and its reason (English text
 * for support, a stable code + params the SPA translates), cleared in all
 * three forms whenever the integration is fine again.
 */
export interface IntegrationStateUpdate {
  state: IntegrationState;
  stateReason: string | null;
  stateReasonCode: SyncErrorCode | null;
  stateReasonParams: SyncErrorParams | typeof Prisma.DbNull;
}

/** Why an integration is parked in ERROR. */
export interface ParkReason {
  code: SyncErrorCode;
  params?: SyncErrorParams;
  /** The English detail, kept for support. */
  detail: string;
}

/** Why a move is not allowed from the integration's current state. */
export type StateRefusal = { reason: 'CREDENTIALS_REJECTED' } | { reason: 'NOT_ACTIVE'; state: IntegrationState };

type Current = { state: IntegrationState; stateReasonCode: string | null };

const fine = (state: IntegrationState): IntegrationStateUpdate => ({ state, stateReason: null, stateReasonCode: null, stateReasonParams: Prisma.DbNull });

/**
 * A new integration: a DMS waits for a platform admin's AccessKey, the others
 * can work at once (an SAP integration is only created once its connection
 * passed the test, so it starts ACTIVE too).
 */
export function initialState(kind: IntegrationKind): 'AWAITING_ACCESS_KEY' | 'ACTIVE' {
  return takesAccessKey(kind) ? 'AWAITING_ACCESS_KEY' : 'ACTIVE';
}

/**
 * A platform admin set an AccessKey the source accepted: ACTIVE with no
 * reason, from any state (a key the DMS rejected earlier is replaced).
 */
export function accessKeyAccepted(): IntegrationStateUpdate {
  return fine('ACTIVE');
}

/**
 * The distributor replaced an SAP integration's credentials with ones SAP
 * accepted: ACTIVE with no reason (one parked because SAP rejected the old
 * ones resumes, and the worker's reconciler brings its schedule back), except
 * that a DISABLED one stays off until the distributor enables it (null:
 * nothing to write).
 */
export function credentialsReplaced(current: { state: IntegrationState }): IntegrationStateUpdate | null {
  return current.state === 'DISABLED' ? null : fine('ACTIVE');
}

/** A failure parks the integration in ERROR with its reason (a rejected key, retries exhausted). */
export function park(reason: ParkReason): IntegrationStateUpdate {
  return { state: 'ERROR', stateReason: reason.detail, stateReasonCode: reason.code, stateReasonParams: reason.params ?? Prisma.DbNull };
}

/** The distributor switched the integration off. */
export function disable(): IntegrationStateUpdate {
  return { state: 'DISABLED', stateReason: 'Disabled by the distributor', stateReasonCode: 'DISABLED_BY_DISTRIBUTOR', stateReasonParams: Prisma.DbNull };
}

/**
 * The distributor switched the integration on: a DISABLED one goes back to
 * ACTIVE, or to AWAITING_ACCESS_KEY when it is a DMS that never had a key;
 * any other state stays, with its reason cleared.
 */
export function enable(current: { state: IntegrationState; kind: IntegrationKind; hasAccessKey: boolean }): IntegrationStateUpdate {
  if (current.state !== 'DISABLED') return fine(current.state);
  return fine(takesAccessKey(current.kind) && !current.hasAccessKey ? 'AWAITING_ACCESS_KEY' : 'ACTIVE');
}

/**
 * Someone retries a failed run: an integration parked in ERROR by a failure
 * that persisted past the retries is ACTIVE again (null: already ACTIVE,
 * nothing to write); one parked because the source rejected its credentials
 * stays parked until working ones are set (a DMS AccessKey by an admin, SAP
 * credentials by the distributor); any other state refuses.
 */
export function resumeForRetry(current: Current): { update: IntegrationStateUpdate | null } | { refused: StateRefusal } {
  if (current.state === 'ERROR' && current.stateReasonCode === ('CREDENTIALS_REJECTED' satisfies SyncErrorCode))
    return { refused: { reason: 'CREDENTIALS_REJECTED' } };
  if (current.state === 'ERROR') return { update: fine('ACTIVE') };
  if (current.state === 'ACTIVE') return { update: null };
  return { refused: { reason: 'NOT_ACTIVE', state: current.state } };
}
