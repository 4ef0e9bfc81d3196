import type { PrincipalSku } from '@portal/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, PageHeader, Select } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { type SkuFilters, useSkuFacets } from '../api/catalogue';
import { ImportDialog } from '../components/import-dialog';
import { SkuDialog } from '../components/sku-dialog';
import { SkuTable } from '../components/sku-table';
import '../catalogue.css';

/** Katalog SKU: the principal's own products, what distributors' products are mapped to (docs/product/master-data.md). */
export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const manage = usePermission('catalogue:manage');
  const facets = useSkuFacets();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<SkuFilters>({ q: '', brand: '', category: '' });
  const [editing, setEditing] = useState<PrincipalSku | 'new' | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  // The search is sent once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const count = (c: number) => formatNumber(c, i18n.language);

  return (
    <>
      <PageHeader
        title={t('catalogue.title')}
        subtitle={t('catalogue.subtitle')}
        actions={
          <>
            <Button variant="secondary" disabled={!manage.allowed} title={manage.reason} onClick={() => setImporting(true)}>
              {t('catalogue.import')}
            </Button>
            <Button disabled={!manage.allowed} title={manage.reason} onClick={() => setEditing('new')}>
              {t('catalogue.add')}
            </Button>
          </>
        }
      />
      <form className="filters" role="search" aria-label={t('catalogue.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <Field
          label={t('catalogue.search')}
          type="search"
          value={search}
          maxLength={100}
          placeholder={t('catalogue.searchPlaceholder')}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select label={t('catalogue.brand')} value={filters.brand} onChange={(e) => setFilters((f) => ({ ...f, brand: e.target.value }))}>
          <option value="">{t('common.all')}</option>
          {facets.data?.brands.map((b) => (
            <option key={b.value} value={b.value}>
              {b.value} ({count(b.count)})
            </option>
          ))}
        </Select>
        <Select label={t('catalogue.category')} value={filters.category} onChange={(e) => setFilters((f) => ({ ...f, category: e.target.value }))}>
          <option value="">{t('common.all')}</option>
          {facets.data?.categories.map((c) => (
            <option key={c.value} value={c.value}>
              {c.value} ({count(c.count)})
            </option>
          ))}
        </Select>
      </form>
      <SkuTable filters={filters} onEdit={setEditing} />
      <SkuDialog open={editing !== undefined} sku={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
