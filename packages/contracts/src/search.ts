import { z } from 'zod';
import { plainText, queryInt } from './common';

// Search helps (issue 13, docs/product/master-data.md): typeahead over what a
// filter or form names. Each kind reads only what the caller may see (RLS).

export const searchKind = z.enum(['customers', 'products', 'suppliers', 'distributors', 'skus']);
export type SearchKind = z.infer<typeof searchKind>;

/**
 * The kinds behind `GET /api/search/:kind` (read with `documents:read`); `skus`
 * has its own route because only a principal's catalogue readers may call it.
 */
export const documentSearchKind = searchKind.exclude(['skus']);
export type DocumentSearchKind = z.infer<typeof documentSearchKind>;
export const searchParams = z.strictObject({ kind: documentSearchKind });

export const searchQuery = z.strictObject({
  /** What the user typed: a code, the start of one, or part of a name (typos welcome). */
  q: plainText(100),
  limit: queryInt(1, 50, 10),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchItem = z.object({
  /** The row's id (customers, products, SKUs, distributors); suppliers have none (they are documents' parties). */
  id: z.uuid().optional(),
  /** The code a filter takes (customer, product, supplier, SKU code); a distributor has none, so its is empty. */
  code: z.string(),
  name: z.string(),
  /** What tells two alike names apart: the city, the brand, the distributor. */
  detail: z.string().optional(),
  /** The distributor the row belongs to (a principal's view of customers and products). */
  distributorId: z.uuid().optional(),
});
export type SearchItem = z.infer<typeof searchItem>;

/** Best first: exact code, then code or name prefix, then trigram similarity; ties by name. */
export const searchResult = z.object({ data: z.array(searchItem) });
export type SearchResult = z.infer<typeof searchResult>;
