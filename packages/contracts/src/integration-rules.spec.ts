import { describe, expect, it } from 'vitest';
import { pullRefusal, takesAccessKey } from './integration-rules';

describe('which integrations a sync may pull from', () => {
  it('an ACTIVE DMS or SAP integration', () => {
    expect(pullRefusal({ kind: 'DMS', state: 'ACTIVE' })).toBeNull();
    expect(pullRefusal({ kind: 'SAP', state: 'ACTIVE' })).toBeNull();
  });

  it('never an External integration (it pushes), whatever its state', () => {
    expect(pullRefusal({ kind: 'EXTERNAL', state: 'ACTIVE' })).toEqual({ reason: 'NOT_PULLED', kind: 'EXTERNAL' });
  });

  it('a DMS or SAP integration only while ACTIVE, naming the state it is in', () => {
    for (const kind of ['DMS', 'SAP'] as const)
      for (const state of ['AWAITING_ACCESS_KEY', 'ERROR', 'DISABLED'] as const) {
        expect(pullRefusal({ kind, state })).toEqual({ reason: 'NOT_ACTIVE', state });
      }
  });
});

describe('which integrations take an AccessKey', () => {
  it('a DMS does; SAP (the distributor connects it) and External do not', () => {
    expect(takesAccessKey('DMS')).toBe(true);
    expect(takesAccessKey('SAP')).toBe(false);
    expect(takesAccessKey('EXTERNAL')).toBe(false);
  });
});
