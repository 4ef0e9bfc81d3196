import { describe, expect, it } from 'vitest';
import { monthlyRows, seriesCurrencies } from './chart-rows';

const point = (period: string, type: 'SALES_INVOICE' | 'PURCHASE_INVOICE', amount: string, currency = 'IDR') => ({
  period,
  type,
  currency,
  documents: 1,
  amount,
});

describe('monthlyRows', () => {
  it('shows every month of the data, empty ones at 0, sales and purchases apart', () => {
    const { rows, types } = monthlyRows(
      { data: [point('2024-01-01', 'SALES_INVOICE', '100.50'), point('2024-04-01', 'PURCHASE_INVOICE', '40.00')] },
      {},
      'IDR',
    );
    expect(types).toEqual(['PURCHASE_INVOICE', 'SALES_INVOICE']);
    expect(rows).toEqual([
      { period: '2024-01-01', SALES_INVOICE: 100.5, PURCHASE_INVOICE: 0 },
      { period: '2024-02-01', SALES_INVOICE: 0, PURCHASE_INVOICE: 0 },
      { period: '2024-03-01', SALES_INVOICE: 0, PURCHASE_INVOICE: 0 },
      { period: '2024-04-01', SALES_INVOICE: 0, PURCHASE_INVOICE: 40 },
    ]);
  });

  it('spans the filtered range across a year end, even past the data', () => {
    const { rows } = monthlyRows({ data: [point('2024-12-01', 'SALES_INVOICE', '5')] }, { from: '2024-11-15', to: '2025-02-03' }, 'IDR');
    expect(rows.map((r) => [r.period, r.SALES_INVOICE])).toEqual([
      ['2024-11-01', 0],
      ['2024-12-01', 5],
      ['2025-01-01', 0],
      ['2025-02-01', 0],
    ]);
  });

  it('has nothing to draw without documents or with a reversed range', () => {
    expect(monthlyRows({ data: [] }, {}, 'IDR').rows).toEqual([]);
    expect(monthlyRows({ data: [point('2024-01-01', 'SALES_INVOICE', '1')] }, { from: '2024-03-01', to: '2024-01-01' }, 'IDR').rows).toEqual([]);
  });

  it('draws one currency only, never adding another into its bars, over the months of every currency', () => {
    const series = {
      data: [
        point('2024-01-01', 'SALES_INVOICE', '1000000.00', 'IDR'),
        point('2024-01-01', 'SALES_INVOICE', '1200.10', 'USD'),
        point('2024-02-01', 'PURCHASE_INVOICE', '99.99', 'USD'),
        point('2024-03-01', 'SALES_INVOICE', '15000.00', 'JPY'),
      ],
    };
    expect(monthlyRows(series, {}, 'USD')).toEqual({
      types: ['PURCHASE_INVOICE', 'SALES_INVOICE'],
      rows: [
        { period: '2024-01-01', SALES_INVOICE: 1200.1, PURCHASE_INVOICE: 0 },
        { period: '2024-02-01', SALES_INVOICE: 0, PURCHASE_INVOICE: 99.99 },
        { period: '2024-03-01', SALES_INVOICE: 0, PURCHASE_INVOICE: 0 },
      ],
    });
    expect(monthlyRows(series, {}, 'IDR').rows.map((r) => r.SALES_INVOICE)).toEqual([1000000, 0, 0]);
    expect(monthlyRows(series, {}, 'JPY').rows.map((r) => r.SALES_INVOICE)).toEqual([0, 0, 15000]);
  });
});

describe('seriesCurrencies', () => {
  it('lists each currency once, IDR first, then alphabetical', () => {
    const data = [
      point('2024-01-01', 'SALES_INVOICE', '1', 'USD'),
      point('2024-01-01', 'SALES_INVOICE', '1', 'JPY'),
      point('2024-02-01', 'SALES_INVOICE', '1', 'IDR'),
      point('2024-03-01', 'PURCHASE_INVOICE', '1', 'USD'),
    ];
    expect(seriesCurrencies({ data })).toEqual(['IDR', 'JPY', 'USD']);
    expect(seriesCurrencies({ data: data.filter((p) => p.currency !== 'IDR') })).toEqual(['JPY', 'USD']);
    expect(seriesCurrencies({ data: [] })).toEqual([]);
  });
});
