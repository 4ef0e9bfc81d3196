import type { ReactNode } from 'react';
import { EmptyState, ErrorAlert, Skeleton } from './ui';

/** What a list query gives: its error and, once loaded, a page of rows. */
export interface ListQuery<T> {
  error: unknown;
  data?: { data: T[] } | undefined;
  refetch?: () => unknown;
}

/**
 * A list query's error, loading and empty states, so every list says the same
 * thing while it loads or when it has nothing; `children` renders the rows.
 * Rows already shown stay shown when a refetch fails, under the error.
 */
export function ListState<T>({ query, empty, children }: { query: ListQuery<T>; empty: ReactNode; children: (rows: T[]) => ReactNode }) {
  const rows = query.data?.data;
  return (
    <>
      <ErrorAlert error={query.error} {...(query.refetch ? { onRetry: query.refetch } : {})} />
      {rows === undefined ? query.error ? null : <Skeleton /> : rows.length === 0 ? <EmptyState>{empty}</EmptyState> : children(rows)}
    </>
  );
}

/** A column heading: its text, or its text with the cell's class (`num` right-aligns numbers). */
export type ListColumn = string | { label: string; className: string };

/**
 * A list query as a table: the states of `ListState`, then one heading per
 * column and the body rows `children` renders for the loaded page.
 */
export function ListTable<T>({
  query,
  empty,
  columns,
  children,
}: {
  query: ListQuery<T>;
  empty: ReactNode;
  columns: readonly ListColumn[];
  children: (rows: T[]) => ReactNode;
}) {
  return (
    <ListState query={query} empty={empty}>
      {(rows) => (
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) =>
                typeof c === 'string' ? (
                  <th key={c}>{c}</th>
                ) : (
                  <th key={c.label} className={c.className}>
                    {c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>{children(rows)}</tbody>
        </table>
      )}
    </ListState>
  );
}
