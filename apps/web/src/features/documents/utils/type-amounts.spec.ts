import { describe, expect, it } from 'vitest';
import { amountsPerType } from './type-amounts';

describe('amountsPerType', () => {
  it('keeps one amount per currency under each type, in the API order, and counts the documents of every currency', () => {
    expect(
      amountsPerType([
        { type: 'SALES_INVOICE', currency: 'IDR', documents: 2, amount: '1250000.75' },
        { type: 'SALES_INVOICE', currency: 'JPY', documents: 1, amount: '15000.00' },
        { type: 'SALES_INVOICE', currency: 'USD', documents: 2, amount: '1230.15' },
        { type: 'PURCHASE_INVOICE', currency: 'USD', documents: 1, amount: '99.99' },
      ]),
    ).toEqual([
      {
        type: 'SALES_INVOICE',
        documents: 5,
        amounts: [
          { currency: 'IDR', amount: '1250000.75' },
          { currency: 'JPY', amount: '15000.00' },
          { currency: 'USD', amount: '1230.15' },
        ],
      },
      { type: 'PURCHASE_INVOICE', documents: 1, amounts: [{ currency: 'USD', amount: '99.99' }] },
    ]);
    expect(amountsPerType([])).toEqual([]);
  });
});
