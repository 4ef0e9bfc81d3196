import { describe, expect, it } from 'vitest';
import { dimensionsFor, documentsLink, paramsFromView, periodRange, queryOf, viewFromParams } from './insight-params';

const SKU = '6f1c1a52-4d7a-4a44-9d3e-0b8f0a7c2b11';
const DIST = '0b8f0a7c-4d7a-4a44-9d3e-6f1c1a522b11';

describe('insight filters in the address bar', () => {
  it('opens on sell-out over the twelve months up to the latest data, by SKU for a principal and by product for a distributor', () => {
    const principal = viewFromParams(new URLSearchParams(), 'PRINCIPAL');
    expect(principal).toEqual({ measure: 'sell_out', period: 'latest', granularity: 'month', by: 'sku', principalGoodsOnly: false, filters: {} });
    expect(viewFromParams(new URLSearchParams(), 'DISTRIBUTOR').by).toBe('product');
    expect(paramsFromView(principal, 'PRINCIPAL').toString()).toBe('');
  });

  it('round-trips every filter, and leaves out what is invalid or not the caller kind’s', () => {
    const params = new URLSearchParams(
      `measure=sell_in&period=custom&from=2024-01-01&to=2024-02-29&granularity=week&by=city&principalGoodsOnly=true&distributorId=${DIST}&skuId=${SKU}&brand=Indomie&city=Bandung&customer=C-1&salesman=S1&currency=IDR`,
    );
    const view = viewFromParams(params, 'PRINCIPAL');
    expect(view).toMatchObject({
      measure: 'sell_in',
      period: 'custom',
      from: '2024-01-01',
      to: '2024-02-29',
      granularity: 'week',
      by: 'city',
      principalGoodsOnly: true,
    });
    expect(view.filters).toEqual({ distributorId: DIST, skuId: SKU, brand: 'Indomie', city: 'Bandung', customer: 'C-1', salesman: 'S1', currency: 'IDR' });
    expect(viewFromParams(paramsFromView(view, 'PRINCIPAL'), 'PRINCIPAL')).toEqual(view);

    // A distributor has no SKU or distributor filter, nor those dimensions; a bad value is dropped.
    const distributor = viewFromParams(
      new URLSearchParams(`skuId=${SKU}&distributorId=${DIST}&by=sku&principalGoodsOnly=true&measure=nope&currency=rp`),
      'DISTRIBUTOR',
    );
    expect(distributor).toEqual({ measure: 'sell_out', period: 'latest', granularity: 'month', by: 'product', principalGoodsOnly: false, filters: {} });
    expect(dimensionsFor('DISTRIBUTOR')).toEqual(['product', 'brand', 'category', 'city', 'customer', 'salesman']);
  });
});

describe('period presets', () => {
  const today = '2026-03-17';
  it.each([
    ['this_month', { from: '2026-03-01', to: '2026-03-17' }],
    ['last_month', { from: '2026-02-01', to: '2026-02-28' }],
    ['last_3_months', { from: '2026-01-01', to: '2026-03-17' }],
    ['last_6_months', { from: '2025-10-01', to: '2026-03-17' }],
    ['last_12_months', { from: '2025-04-01', to: '2026-03-17' }],
    ['this_year', { from: '2026-01-01', to: '2026-03-17' }],
  ] as const)('%s covers %o', (period, range) => {
    expect(periodRange({ period }, today)).toEqual(range);
  });

  it('ends the default period with the month of the latest data, or this month without any', () => {
    expect(periodRange({ period: 'latest' }, today, '2023-12-01')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(periodRange({ period: 'latest' }, today, null)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('takes custom dates in either order', () => {
    expect(periodRange({ period: 'custom', from: '2024-05-01', to: '2024-03-01' }, today)).toEqual({ from: '2024-03-01', to: '2024-05-01' });
  });
});

describe('drill-down to the documents', () => {
  const range = { from: '2024-01-01', to: '2024-03-31' };

  it("maps a sell-out figure's filters to the documents list's", () => {
    const view = viewFromParams(new URLSearchParams(`distributorId=${DIST}&salesman=S1&city=Bandung&customer=C-9&productCode=IMG-85`), 'PRINCIPAL');
    const link = new URL(documentsLink(view, range, { skuId: SKU })!, 'http://x');
    expect(link.pathname).toBe('/documents');
    expect(Object.fromEntries(link.searchParams)).toEqual({
      types: 'SALES_INVOICE,SALES_RETURN',
      from: '2024-01-01',
      to: '2024-03-31',
      distributorId: DIST,
      skuId: SKU,
      product: 'IMG-85',
      party: 'C-9',
      salesman: 'S1',
      city: 'Bandung',
    });
  });

  it('opens purchase invoices for sell-in, and no list where the documents cannot narrow the same way', () => {
    const sellIn = viewFromParams(new URLSearchParams('measure=sell_in'), 'PRINCIPAL');
    expect(new URL(documentsLink(sellIn, range)!, 'http://x').searchParams.get('types')).toBe('PURCHASE_INVOICE');
    expect(documentsLink(viewFromParams(new URLSearchParams('brand=Indomie'), 'PRINCIPAL'), range)).toBeNull();
    expect(documentsLink(viewFromParams(new URLSearchParams(), 'PRINCIPAL'), range, { category: 'Mi' })).toBeNull();
    expect(documentsLink(viewFromParams(new URLSearchParams('measure=sell_in&principalGoodsOnly=true'), 'PRINCIPAL'), range)).toBeNull();
  });

  it('asks the API with the currency only where a figure is of one currency', () => {
    const view = viewFromParams(new URLSearchParams('currency=USD&measure=sell_in&principalGoodsOnly=true'), 'PRINCIPAL');
    expect(queryOf(view, range)).toEqual({ measure: 'sell_in', ...range, currency: 'USD', principalGoodsOnly: 'true' });
    expect(queryOf(view, range, false)).toEqual({ measure: 'sell_in', ...range, principalGoodsOnly: 'true' });
  });
});
