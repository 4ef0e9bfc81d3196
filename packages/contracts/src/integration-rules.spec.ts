import { describe, expect, it } from 'vitest';
import { pullRefusal, takesAccessKey } from './integration-rules';

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
      expect(pullRefusal({ kind: 'DMS', state })).toEqual({ reason: 'NOT_ACTIVE', state });
    }
  });
});

describe('which integrations take an AccessKey', () => {
  it('a DMS does; External does not', () => {
    expect(takesAccessKey('DMS')).toBe(true);
    expect(takesAccessKey('EXTERNAL')).toBe(false);
  });
});
