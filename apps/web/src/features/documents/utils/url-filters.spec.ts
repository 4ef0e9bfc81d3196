import { describe, expect, it } from 'vitest';
import { filtersFromParams, nextSort, paramsFromFilters } from './url-filters';

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
});
