import type { DocumentSort, DocumentSortColumn } from '@portal/contracts';

/** A column heading that sorts the list by its column; `aria-sort` tells which column sorts it and how. */
export function SortHeader({
  column,
  label,
  sort,
  onSort,
  className,
}: {
  column: DocumentSortColumn;
  label: string;
  sort: DocumentSort;
  onSort: (column: DocumentSortColumn) => void;
  className?: string;
}) {
  const [col, dir] = sort.split('_');
  const active = col === column;
  return (
    <th className={className} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}
