import { describe, expect, it } from 'vitest';
import { describePullRefusal } from './pull-guard';

describe('a pull refusal in words', () => {
  it('names the state an integration is in, or its kind', () => {
    expect(describePullRefusal({ reason: 'NOT_ACTIVE', state: 'ERROR' })).toBe('the integration is ERROR');
    expect(describePullRefusal({ reason: 'NOT_PULLED', kind: 'EXTERNAL' })).toContain('EXTERNAL integrations are not synced');
  });
});
