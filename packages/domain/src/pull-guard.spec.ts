import { describe, expect, it } from 'vitest';
import { describePullRefusal, pullRefusal } from './pull-guard';

describe('which integrations a sync may pull from', () => {
  it('an ACTIVE DMS integration', () => {
    expect(pullRefusal({ kind: 'DMS', state: 'ACTIVE' })).toBeNull();
  });

  it('never an External or SAP integration, whatever its state', () => {
    expect(pullRefusal({ kind: 'EXTERNAL', state: 'ACTIVE' })).toEqual({ reason: 'NOT_PULLED', kind: 'EXTERNAL' });
    expect(pullRefusal({ kind: 'SAP', state: 'ACTIVE' })).toEqual({ reason: 'NOT_PULLED', kind: 'SAP' });
  });

  it('a DMS integration only while ACTIVE, naming the state it is in', () => {
    for (const state of ['AWAITING_ACCESS_KEY', 'ERROR', 'DISABLED'] as const) {
      const refusal = pullRefusal({ kind: 'DMS', state });
      expect(refusal).toEqual({ reason: 'NOT_ACTIVE', state });
      expect(describePullRefusal(refusal!)).toBe(`the integration is ${state}`);
    }
  });
});
