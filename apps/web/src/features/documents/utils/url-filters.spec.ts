import { describe, expect, it } from 'vitest';
import { filtersFromParams, nextSort, paramsFromFilters, withoutFilter } from './url-filters';

describe('documents filters in the address bar', () => {
  it('reads valid parameters and leaves out invalid ones', () => {
    const params = new URLSearchParams('type=SALES_INVOICE&from=2024-03-05&to=05/04/2024&party=sinar&number=INV&sort=party_asc&distributorId=nope&x=1');
    expect(filtersFromParams(params)).toEqual({ type: 'SALES_INVOICE', from: '2024-03-05', party: 'sinar', number: 'INV', sort: 'party_asc' });
    expect(filtersFromParams(new URLSearchParams('sort=price'))).toEqual({ sort: 'date_desc' });
  });

  it('writes only what is set, and no default sort, so the round trip is exact', () => {
    const filters = { type: 'SALES_ORDER', from: '2024-01-01', number: 'SO/1', sort: 'number_desc' } as const;
    expect(paramsFromFilters(filters).toString()).toBe('type=SALES_ORDER&from=2024-01-01&number=SO%2F1&sort=number_desc');
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
    expect(paramsFromFilters({ sort: 'date_desc' }).toString()).toBe('');
  });

  it('flips the direction of the sorted column and starts another column where a reader expects', () => {
    expect(nextSort('date_desc', 'date')).toBe('date_asc');
    expect(nextSort('date_asc', 'date')).toBe('date_desc');
    expect(nextSort('date_desc', 'party')).toBe('party_asc');
    expect(nextSort('party_asc', 'total')).toBe('total_desc');
  });

  it("carries an insight figure's drill-down filters: several types, SKU, salesman and city", () => {
    const sku = '6f1c1a52-4d7a-4a44-9d3e-0b8f0a7c2b11';
    const params = new URLSearchParams(`types=SALES_INVOICE,SALES_RETURN&skuId=${sku}&salesman=S-01&city=Bandung&from=2024-01-01&to=2024-03-31`);
    const filters = filtersFromParams(params);
    expect(filters).toEqual({
      types: ['SALES_INVOICE', 'SALES_RETURN'],
      skuId: sku,
      salesman: 'S-01',
      city: 'Bandung',
      from: '2024-01-01',
      to: '2024-03-31',
      sort: 'date_desc',
    });
    expect(paramsFromFilters(filters).get('types')).toBe('SALES_INVOICE,SALES_RETURN');
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
    expect(withoutFilter(filters, 'city')).toEqual({
      types: ['SALES_INVOICE', 'SALES_RETURN'],
      skuId: sku,
      salesman: 'S-01',
      from: '2024-01-01',
      to: '2024-03-31',
      sort: 'date_desc',
    });
    // A type the portal does not know drops the whole parameter rather than failing the list.
    expect(filtersFromParams(new URLSearchParams('types=SALES_INVOICE,NOPE')).types).toBeUndefined();
  });
});
