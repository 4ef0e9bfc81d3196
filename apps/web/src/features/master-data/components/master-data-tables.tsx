import type { CustomerItem, ProductItem } from '@portal/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ListTable } from '../../../components/ui/list-state';
import { Button } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';
import { type MasterDataFilter, useCustomers, useProducts } from '../api/master-data';

interface TableProps {
  filter: MasterDataFilter;
  /** A principal sees several distributors' rows: the distributor gets a column. */
  showDistributor: boolean;
  empty: ReactNode;
}

const dash = (v: string | null) => v ?? '—';

/** The next page of a keyset list, when there is one. */
function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  return query.hasNextPage ? (
    <div className="row">
      <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        {t('masterData.loadMore')}
      </Button>
    </div>
  ) : null;
}

export function CustomersTable({ filter, showDistributor, empty }: TableProps) {
  const { t } = useTranslation();
  const customers = useCustomers(filter);
  const rows = customers.data ? { data: customers.data.pages.flatMap((p) => p.data) } : undefined;
  return (
    <>
      <ListTable
        query={{ error: customers.error, data: rows, refetch: customers.refetch }}
        empty={empty}
        columns={[
          t('masterData.code'),
          t('masterData.name'),
          t('masterData.address'),
          t('masterData.city'),
          t('masterData.salesman'),
          t('masterData.outletType'),
          t('masterData.integration'),
          ...(showDistributor ? [t('masterData.distributor')] : []),
        ]}
      >
        {(list: CustomerItem[]) =>
          list.map((c) => (
            <tr key={c.id} data-testid="customer-row">
              <td className="nowrap">{c.code}</td>
              <td>{c.name}</td>
              <td>{dash(c.address)}</td>
              <td>{dash(c.city)}</td>
              <td>{dash(c.salesmanCode)}</td>
              <td>{dash(c.outletType)}</td>
              <td>{dash(c.integration.name)}</td>
              {showDistributor ? <td>{c.distributor.name}</td> : null}
            </tr>
          ))
        }
      </ListTable>
      <LoadMore query={customers} />
    </>
  );
}

export function ProductsTable({ filter, showDistributor, empty }: TableProps) {
  const { t, i18n } = useTranslation();
  const products = useProducts(filter);
  const rows = products.data ? { data: products.data.pages.flatMap((p) => p.data) } : undefined;
  return (
    <>
      <ListTable
        query={{ error: products.error, data: rows, refetch: products.refetch }}
        empty={empty}
        columns={[
          t('masterData.code'),
          t('masterData.name'),
          t('masterData.units'),
          t('masterData.brand'),
          t('masterData.category'),
          t('masterData.barcode'),
          t('masterData.integration'),
          ...(showDistributor ? [t('masterData.distributor')] : []),
        ]}
      >
        {(list: ProductItem[]) =>
          list.map((p) => (
            <tr key={p.id} data-testid="product-row">
              <td className="nowrap">{p.code}</td>
              <td>{p.name}</td>
              <td>
                <ul className="md-units">
                  <li>{t('masterData.baseUnit', { unit: p.baseUnit })}</li>
                  {p.conversions.map((c) => (
                    <li key={c.unit} className="nowrap">
                      {t('masterData.conversion', { unit: c.unit, factor: formatNumber(c.factor, i18n.language), base: p.baseUnit })}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{dash(p.brand)}</td>
              <td>{dash(p.category)}</td>
              <td>{dash(p.barcode)}</td>
              <td>{dash(p.integration.name)}</td>
              {showDistributor ? <td>{p.distributor.name}</td> : null}
            </tr>
          ))
        }
      </ListTable>
      <LoadMore query={products} />
    </>
  );
}
