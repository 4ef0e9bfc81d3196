import { describe, expect, it } from 'vitest';
import { trendRows } from './trend-rows';

describe('trend rows', () => {
  it('puts each currency in its own columns, IDR first, periods in order', () => {
    const { rows, currencies, hasQuantity } = trendRows({
      granularity: 'month',
      points: [
        { period: '2024-02-01', currency: 'USD', value: '10.50', quantity: '3' },
        { period: '2024-01-01', currency: 'IDR', value: '1000000', quantity: '48' },
        { period: '2024-02-01', currency: 'IDR', value: '0', quantity: '0' },
        { period: '2024-01-01', currency: 'USD', value: '0', quantity: '0' },
      ],
    });
    expect(currencies).toEqual(['IDR', 'USD']);
    expect(hasQuantity).toBe(true);
    expect(rows).toEqual([
      { period: '2024-01-01', 'value:IDR': 1000000, 'quantity:IDR': 48, 'value:USD': 0, 'quantity:USD': 0 },
      { period: '2024-02-01', 'value:IDR': 0, 'quantity:IDR': 0, 'value:USD': 10.5, 'quantity:USD': 3 },
    ]);
  });

  it('charts no quantity when the API has none (days and weeks from the day sums)', () => {
    const { rows, hasQuantity } = trendRows({ granularity: 'day', points: [{ period: '2024-01-01', currency: 'IDR', value: '5', quantity: null }] });
    expect(hasQuantity).toBe(false);
    expect(rows).toEqual([{ period: '2024-01-01', 'value:IDR': 5, 'quantity:IDR': null }]);
  });
});
