import { Prisma } from '@portal/db';
import { describe, expect, it } from 'vitest';
import { accessKeyAccepted, credentialsReplaced, disable, enable, initialState, park, resumeForRetry } from './integration-state';

const cleared = { stateReason: null, stateReasonCode: null, stateReasonParams: Prisma.DbNull };

describe('integration state transitions', () => {
  it('starts a DMS awaiting its AccessKey and an External integration active', () => {
    expect(initialState('DMS')).toBe('AWAITING_ACCESS_KEY');
    expect(initialState('EXTERNAL')).toBe('ACTIVE');
    expect(initialState('SAP')).toBe('ACTIVE');
  });

  it('an accepted AccessKey makes the integration ACTIVE and clears a rejected-key reason', () => {
    expect(accessKeyAccepted()).toEqual({ state: 'ACTIVE', ...cleared });
  });

  it('replaced SAP credentials make a parked integration ACTIVE again, but leave a disabled one off', () => {
    expect(credentialsReplaced({ state: 'ERROR' })).toEqual({ state: 'ACTIVE', ...cleared });
    expect(credentialsReplaced({ state: 'ACTIVE' })).toEqual({ state: 'ACTIVE', ...cleared });
    expect(credentialsReplaced({ state: 'DISABLED' })).toBeNull();
  });

  it('parks in ERROR with the reason as text, code and params', () => {
    expect(park({ code: 'RETRIES_EXHAUSTED', params: { attempts: 5 }, detail: 'failed after 5 attempts' })).toEqual({
      state: 'ERROR',
      stateReason: 'failed after 5 attempts',
      stateReasonCode: 'RETRIES_EXHAUSTED',
      stateReasonParams: { attempts: 5 },
    });
    expect(park({ code: 'CREDENTIALS_REJECTED', detail: 'AccessKey rejected' }).stateReasonParams).toBe(Prisma.DbNull);
  });

  it('disabling records who did it; enabling clears it', () => {
    expect(disable()).toMatchObject({ state: 'DISABLED', stateReasonCode: 'DISABLED_BY_DISTRIBUTOR' });
    expect(enable({ state: 'DISABLED', kind: 'DMS', hasAccessKey: true })).toEqual({ state: 'ACTIVE', ...cleared });
    expect(enable({ state: 'DISABLED', kind: 'EXTERNAL', hasAccessKey: false })).toEqual({ state: 'ACTIVE', ...cleared });
  });

  it('enabling a DMS that never had a key sends it back to AWAITING_ACCESS_KEY, not ACTIVE', () => {
    expect(enable({ state: 'DISABLED', kind: 'DMS', hasAccessKey: false })).toEqual({ state: 'AWAITING_ACCESS_KEY', ...cleared });
  });

  it('enabling an integration that is not DISABLED keeps its state', () => {
    expect(enable({ state: 'ERROR', kind: 'DMS', hasAccessKey: true }).state).toBe('ERROR');
    expect(enable({ state: 'AWAITING_ACCESS_KEY', kind: 'DMS', hasAccessKey: false }).state).toBe('AWAITING_ACCESS_KEY');
  });

  it('a retry resumes an integration parked by failures, and clears the reason', () => {
    expect(resumeForRetry({ state: 'ERROR', stateReasonCode: 'RETRIES_EXHAUSTED' })).toEqual({ update: { state: 'ACTIVE', ...cleared } });
    expect(resumeForRetry({ state: 'ACTIVE', stateReasonCode: null })).toEqual({ update: null });
  });

  it('a retry never resumes a rejected AccessKey, a disabled integration or one still awaiting its key', () => {
    expect(resumeForRetry({ state: 'ERROR', stateReasonCode: 'CREDENTIALS_REJECTED' })).toEqual({ refused: { reason: 'CREDENTIALS_REJECTED' } });
    expect(resumeForRetry({ state: 'DISABLED', stateReasonCode: 'DISABLED_BY_DISTRIBUTOR' })).toEqual({ refused: { reason: 'NOT_ACTIVE', state: 'DISABLED' } });
    expect(resumeForRetry({ state: 'AWAITING_ACCESS_KEY', stateReasonCode: null })).toEqual({
      refused: { reason: 'NOT_ACTIVE', state: 'AWAITING_ACCESS_KEY' },
    });
  });
});
