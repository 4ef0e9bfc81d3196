import type { MappingRow, ProductMappingMethod } from '@portal/contracts';
import { type ColumnDef, flexRender, getCoreRowModel, type RowSelectionState, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Button } from '../../../components/ui/ui';
import { formatMoney } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { useConfirmMappings, useDeleteMapping } from '../api/product-mappings';
import { SkuPicker } from './sku-picker';

export const rowId = (r: MappingRow) => `${r.distributorId}|${r.productCode}`;

/** "Kode sama", "Barcode sama", "Nama mirip 82%", "Manual". */
export function useMethodLabel() {
  const { t } = useTranslation();
  return (method: ProductMappingMethod, score: string | null) =>
    method === 'NAME' ? t('productMapping.method.NAME', { percent: Math.round(Number(score ?? 0) * 100) }) : t(`productMapping.method.${method}`);
}

/**
 * The distributor products of one tab as a table (TanStack Table): the
 * suggestion or mapping of each, confirm, choose another SKU, delete; rows
 * with a suggestion can be selected for the bulk confirmation.
 */
export function MappingTable({
  rows,
  selection,
  onSelectionChange,
}: {
  rows: MappingRow[];
  selection: RowSelectionState;
  onSelectionChange: (next: RowSelectionState) => void;
}) {
  const { t, i18n } = useTranslation();
  const manage = usePermission('catalogue:manage');
  const confirm = useConfirmMappings();
  const remove = useDeleteMapping();
  const methodLabel = useMethodLabel();
  const busy = confirm.isPending || remove.isPending;

  const columns = useMemo<ColumnDef<MappingRow>[]>(
    () => [
      {
        id: 'select',
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label={t('productMapping.selectAll')}
            disabled={!manage.allowed || !table.getCoreRowModel().rows.some((r) => r.getCanSelect())}
            checked={table.getIsAllRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={t('productMapping.selectRow', { code: row.original.productCode })}
            disabled={!row.getCanSelect()}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      { id: 'distributor', header: t('productMapping.distributor'), cell: ({ row }) => row.original.distributorName },
      {
        id: 'product',
        header: t('productMapping.product'),
        cell: ({ row }) => (
          <>
            <span className="nowrap pm-code">{row.original.productCode}</span>
            <div className="small">{row.original.productName ?? '—'}</div>
          </>
        ),
      },
      {
        id: 'sales',
        header: () => <span className="num">{t('productMapping.salesValue')}</span>,
        cell: ({ row }) => (
          <span className="num nowrap">
            {row.original.salesValue.length ? row.original.salesValue.map((s) => formatMoney(s.amount, i18n.language, s.currency)).join(' · ') : '—'}
          </span>
        ),
      },
      {
        id: 'sku',
        header: t('productMapping.sku'),
        cell: ({ row }) => {
          const { mapping, suggestion } = row.original;
          const shown = mapping ?? suggestion;
          if (!shown) return <span className="small">{t('productMapping.noSuggestion')}</span>;
          return (
            <>
              <span className="nowrap pm-code">{shown.sku.code}</span> {shown.sku.name}
              <div>
                <span className={`badge ${mapping ? 'badge-ok' : 'badge-info'}`}>{methodLabel(shown.method, shown.score)}</span>
              </div>
            </>
          );
        },
      },
      {
        id: 'actions',
        header: t('common.actions'),
        cell: ({ row }) => {
          const r = row.original;
          const pick = (skuId: string) =>
            confirm.mutate({ mappings: [{ distributorId: r.distributorId, productCode: r.productCode, skuId, method: 'MANUAL', score: null }] });
          return (
            <div className="pm-actions">
              {r.suggestion && !r.mapping ? (
                <Button
                  disabled={!manage.allowed || busy}
                  title={manage.reason}
                  onClick={() =>
                    confirm.mutate({
                      mappings: [
                        {
                          distributorId: r.distributorId,
                          productCode: r.productCode,
                          skuId: r.suggestion!.sku.id,
                          method: r.suggestion!.method,
                          score: r.suggestion!.score,
                        },
                      ],
                    })
                  }
                >
                  {t('productMapping.confirm')}
                </Button>
              ) : null}
              <SkuPicker label={r.mapping ? t('productMapping.changeSku') : t('productMapping.pickSku')} disabled={!manage.allowed || busy} onPick={pick} />
              {r.mapping ? (
                <ConfirmButton
                  title={t('productMapping.deleteTitle')}
                  message={t('productMapping.deleteConfirm', { code: r.productCode, sku: r.mapping.sku.code })}
                  confirmLabel={t('common.delete')}
                  disabled={!manage.allowed || busy}
                  disabledReason={manage.reason}
                  busy={remove.isPending && remove.variables === r.mapping.id}
                  onConfirm={() => remove.mutate(r.mapping!.id)}
                >
                  {t('common.delete')}
                </ConfirmButton>
              ) : null}
            </div>
          );
        },
      },
    ],
    [t, i18n.language, manage.allowed, manage.reason, busy, confirm, remove, methodLabel],
  );

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    enableRowSelection: (row) => manage.allowed && row.original.mapping === null && row.original.suggestion !== null,
    state: { rowSelection: selection },
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === 'function' ? updater(selection) : updater),
  });

  return (
    <table className="table" data-testid="mapping-table">
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((h) => (
              <th key={h.id} className={h.column.id === 'sales' ? 'num' : undefined}>
                {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid={`mapping-${row.original.productCode}`}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={cell.column.id === 'sales' ? 'num' : undefined}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
