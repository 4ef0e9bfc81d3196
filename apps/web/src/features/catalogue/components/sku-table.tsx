import { describeUnitLadder, type PrincipalSku } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { ListTable } from '../../../components/ui/list-state';
import { Button } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { type SkuFilters, useDeleteSku, useSkus } from '../api/catalogue';

/** The catalogue by code, filtered, 50 at a time; edit and delete for roles that may manage it. */
export function SkuTable({ filters, onEdit }: { filters: SkuFilters; onEdit: (sku: PrincipalSku) => void }) {
  const { t, i18n } = useTranslation();
  const skus = useSkus(filters);
  const remove = useDeleteSku();
  const manage = usePermission('catalogue:manage');
  const rows = skus.data ? { data: skus.data.pages.flatMap((p) => p.data) } : undefined;
  const filtered = filters.q.trim() !== '' || filters.brand !== '' || filters.category !== '';
  return (
    <>
      <ListTable
        query={{ error: skus.error, data: rows, refetch: skus.refetch }}
        empty={filtered ? t('catalogue.noMatch') : t('catalogue.empty')}
        columns={[
          t('catalogue.code'),
          t('catalogue.name'),
          t('catalogue.brand'),
          t('catalogue.category'),
          t('catalogue.units'),
          t('catalogue.barcode'),
          t('common.actions'),
        ]}
      >
        {(list) =>
          list.map((s) => (
            <tr key={s.id} data-testid={`sku-${s.code}`}>
              <td className="nowrap">{s.code}</td>
              <td>{s.name}</td>
              <td>{s.brand ?? '—'}</td>
              <td>{s.category ?? '—'}</td>
              <td className="small">{describeUnitLadder(s.baseUnit, s.conversions, (a) => formatNumber(a, i18n.language))}</td>
              <td className="small">{s.barcode ?? '—'}</td>
              <td>
                <div className="webhook-actions">
                  <Button variant="secondary" disabled={!manage.allowed} title={manage.reason} onClick={() => onEdit(s)}>
                    {t('catalogue.edit')}
                  </Button>
                  <ConfirmButton
                    title={t('catalogue.deleteTitle')}
                    message={t('catalogue.deleteConfirm', { code: s.code, name: s.name })}
                    confirmLabel={t('common.delete')}
                    disabled={!manage.allowed}
                    disabledReason={manage.reason}
                    busy={remove.isPending && remove.variables === s.id}
                    onConfirm={() => remove.mutate(s.id)}
                  >
                    {t('common.delete')}
                  </ConfirmButton>
                </div>
              </td>
            </tr>
          ))
        }
      </ListTable>
      {skus.hasNextPage ? (
        <div className="row">
          <Button variant="secondary" busy={skus.isFetchingNextPage} onClick={() => void skus.fetchNextPage()}>
            {t('catalogue.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
