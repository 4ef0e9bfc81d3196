import { describe, expect, it } from 'vitest';
import { isoToTyped, typedToIso } from './date-field';

describe('typed dates', () => {
  it('reads Indonesian dates day first, with or without leading zeros, as ISO', () => {
    expect(typedToIso('05/03/2024', 'id')).toBe('2024-03-05');
    expect(typedToIso('5/3/2024', 'id')).toBe('2024-03-05');
    expect(typedToIso('05-03-2024', 'id')).toBe('2024-03-05');
    expect(isoToTyped('2024-03-05', 'id')).toBe('05/03/2024');
  });

  it('reads English dates month first', () => {
    expect(typedToIso('03/05/2024', 'en')).toBe('2024-03-05');
    expect(isoToTyped('2024-03-05', 'en')).toBe('03/05/2024');
  });

  it('refuses what is not a date, and takes empty as no date', () => {
    for (const bad of ['31/02/2024', '05/03/24', '2024-03-05', 'besok', '13/13/2024']) expect(typedToIso(bad, 'id'), bad).toBeNull();
    expect(typedToIso('  ', 'id')).toBe('');
  });
});
