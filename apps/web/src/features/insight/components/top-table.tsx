import type { InsightDimension, InsightTop, InsightTopRow } from '@portal/contracts';
import { type ColumnDef, flexRender, getCoreRowModel, getSortedRowModel, type SortingState, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney, formatNumber } from '../../../lib/format';

interface Props {
  top: InsightTop;
  dimensions: InsightDimension[];
  by: InsightDimension;
  onBy: (by: InsightDimension) => void;
  /** Clicking a row narrows the screen to it (its key becomes the dimension's filter). */
  onDrill: (row: InsightTopRow, by: InsightDimension) => void;
  /** The documents behind a row, or null when the documents list cannot show them. */
  documentsOf: (row: InsightTopRow, by: InsightDimension) => string | null;
  busy: boolean;
}

const percent = (share: string, lng: string) =>
  new Intl.NumberFormat(lng === 'en' ? 'en-US' : 'id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(Number(share));

/**
 * The top-N of one dimension (tabs switch it), sortable by any column, each
 * row's share of its currency's total as a bar. A row with a key drills in
 * when clicked; "Lihat dokumen" opens the documents behind it.
 */
export function TopTable({ top, dimensions, by, onBy, onDrill, documentsOf, busy }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [sorting, setSorting] = useState<SortingState>([{ id: 'value', desc: true }]);
  // While another dimension loads, the rows on screen are still the previous one's: name and drill them by theirs.
  const shownBy = top.by;
  const severalCurrencies = new Set(top.rows.map((r) => r.currency)).size > 1;
  const columns = useMemo<ColumnDef<InsightTopRow>[]>(
    () => [
      {
        id: 'label',
        header: t(`insight.dimensions.${shownBy}`),
        accessorFn: (r) => r.label ?? r.key ?? '',
        cell: ({ row }) => {
          const r = row.original;
          const name = r.label ?? r.key ?? t('insight.unnamed');
          return (
            <span className="insight-row-label">
              {r.key !== null ? (
                <button type="button" className="link-button" onClick={() => onDrill(r, shownBy)} title={t('insight.drillInto')}>
                  {name}
                </button>
              ) : (
                <span className="muted">{name}</span>
              )}
              {r.label && r.key && r.label !== r.key && shownBy !== 'distributor' && shownBy !== 'sku' ? <span className="muted small"> {r.key}</span> : null}
              {r.distributorName ? <span className="muted small"> · {r.distributorName}</span> : null}
            </span>
          );
        },
      },
      ...(severalCurrencies
        ? [{ id: 'currency', header: t('insight.currency'), accessorFn: (r: InsightTopRow) => r.currency } as ColumnDef<InsightTopRow>]
        : []),
      {
        id: 'value',
        header: t('insight.value'),
        accessorFn: (r) => Number(r.value),
        cell: ({ row }) => formatMoney(row.original.value, lng, row.original.currency),
        meta: { num: true },
      },
      {
        id: 'quantity',
        header: t('insight.quantity'),
        accessorFn: (r) => (r.quantity === null ? -Infinity : Number(r.quantity)),
        cell: ({ row }) => (row.original.quantity === null ? t('common.none') : formatNumber(row.original.quantity, lng)),
        meta: { num: true },
      },
      {
        id: 'share',
        header: t('insight.share'),
        accessorFn: (r) => Number(r.share),
        cell: ({ row }) => (
          <span className="share">
            <span className="share-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(100, Number(row.original.share) * 100))}%` }} />
            </span>
            {percent(row.original.share, lng)}
          </span>
        ),
      },
      {
        id: 'documents',
        header: '',
        enableSorting: false,
        cell: ({ row }) => {
          const to = documentsOf(row.original, shownBy);
          return to ? (
            <Link to={to} className="small" data-testid="top-row-documents">
              {t('insight.viewDocuments')}
            </Link>
          ) : null;
        },
      },
    ],
    [shownBy, lng, t, severalCurrencies, onDrill, documentsOf],
  );
  const table = useReactTable({
    data: top.rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  return (
    <section className="section" aria-labelledby="insight-top-title">
      <h2 id="insight-top-title">{t('insight.top')}</h2>
      <div className="tabs" role="tablist" aria-label={t('insight.topBy')}>
        {dimensions.map((d) => (
          <button key={d} type="button" role="tab" className="tab" aria-selected={d === by} onClick={() => onBy(d)}>
            {t(`insight.dimensions.${d}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-busy={busy || undefined} className={busy ? 'insight-stale' : undefined}>
        {top.rows.length === 0 ? (
          <p className="muted">{t('insight.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="insight-top" data-by={top.by}>
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => {
                      const sorted = h.column.getIsSorted();
                      const num = (h.column.columnDef.meta as { num?: boolean } | undefined)?.num;
                      return (
                        <th
                          key={h.id}
                          className={num ? 'num' : undefined}
                          aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                        >
                          {h.column.getCanSort() ? (
                            <button type="button" className="sort-button" onClick={h.column.getToggleSortingHandler()}>
                              {flexRender(h.column.columnDef.header, h.getContext())}
                              {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                            </button>
                          ) : (
                            flexRender(h.column.columnDef.header, h.getContext())
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-key={row.original.key ?? ''}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={(cell.column.columnDef.meta as { num?: boolean } | undefined)?.num ? 'num' : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
