import { describe, expect, it } from 'vitest';
import { hash32, prng } from './index';

describe('seeded numbers', () => {
  it('the same seed gives the same sequence, another seed another one, always in [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(Array.from({ length: 1000 }, prng(43))).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    // Roughly uniform: each tenth of the range gets its share.
    const tenths = new Array(10).fill(0);
    for (const x of first) tenths[Math.floor(x * 10)]++;
    expect(Math.min(...tenths)).toBeGreaterThan(60);
  });

  it('hashes parts in order, so (tenant, type, index) names one record', () => {
    expect(hash32('446', 'sales-orders', 1)).toBe(hash32('446', 'sales-orders', 1));
    expect(hash32('446', 'sales-orders', 1)).not.toBe(hash32('446', 'sales-orders', 2));
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
    expect(hash32('x')).toBeGreaterThanOrEqual(0);
  });
});
