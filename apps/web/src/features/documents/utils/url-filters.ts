import { documentFilters, documentSort, type DocumentSort, type DocumentSortColumn } from '@portal/contracts';
import type { Filters } from '../api/documents';

export const DEFAULT_SORT: DocumentSort = 'date_desc';
const FILTER_KEYS = Object.keys(documentFilters.shape) as (keyof typeof documentFilters.shape)[];

/**
 * The list's filters as the address bar carries them (?type=…&from=…&sort=…),
 * so a reload, Back or a shared link shows the same list. Each parameter is
 * checked with the contract's schema; one that is not valid is left out
 * rather than failing the whole list.
 */
export function filtersFromParams(params: URLSearchParams): Filters {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(key);
    const parsed = raw === null ? undefined : documentFilters.shape[key].safeParse(raw);
    if (parsed?.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  const sort = documentSort.safeParse(params.get('sort'));
  return { ...(out as Omit<Filters, 'sort'>), sort: sort.success ? sort.data : DEFAULT_SORT };
}

/** The parameters for some filters: empty ones and the default sort left out, so a plain list has a plain address. */
export function paramsFromFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    // Several types travel comma-separated (`types=SALES_INVOICE,SALES_RETURN`), as the API reads them.
    if (Array.isArray(value) && value.length > 0) params.set(key, value.join(','));
    else if (typeof value === 'string' && value !== '' && !(key === 'sort' && value === DEFAULT_SORT)) params.set(key, value);
  }
  return params;
}

/** Clicking a column heading: the same column flips its direction; another starts where a reader expects (newest, largest, A–Z). */
export function nextSort(current: DocumentSort, column: DocumentSortColumn): DocumentSort {
  const [col, dir] = current.split('_') as [DocumentSortColumn, 'asc' | 'desc'];
  if (col === column) return `${column}_${dir === 'asc' ? 'desc' : 'asc'}`;
  return `${column}_${column === 'date' || column === 'total' ? 'desc' : 'asc'}`;
}

/**
 * Filters the form has no field for: an insight figure's drill-down (several
 * types, a SKU, a salesman, a city). The list shows them as removable chips
 * and the form carries them along when other filters change.
 */
export const DRILL_DOWN_KEYS = ['types', 'skuId', 'salesman', 'city'] as const;
export type DrillDownKey = (typeof DRILL_DOWN_KEYS)[number];

/** The filters without one drill-down filter (a chip's ×). */
export function withoutFilter(filters: Filters, key: DrillDownKey): Filters {
  const { [key]: _removed, ...rest } = filters;
  return rest;
}
