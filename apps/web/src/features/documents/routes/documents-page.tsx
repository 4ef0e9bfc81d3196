import { documentType } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, EmptyState, ErrorAlert, Field, PageHeader, Select } from '../../../components/ui/ui';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { exportUrl, type Filters, useConnectedDistributors, useDocument, useDocuments, useSeries } from '../api/documents';
import { AmountChart } from '../components/amount-chart';

const EMPTY: Filters = { sort: 'date_desc' };

function clean(form: FormData): Filters {
  const f: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && v.trim() !== '') f[k] = v.trim();
  return { ...EMPTY, ...f } as Filters;
}

export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isPrincipal = me.data?.organization.kind === 'PRINCIPAL';
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [openId, setOpenId] = useState<string | null>(null);
  const docs = useDocuments(filters);
  const distributors = useConnectedDistributors(isPrincipal);
  const { sort: _sort, ...seriesFilters } = filters;
  const series = useSeries(seriesFilters);
  const detail = useDocument(openId);
  const first = docs.data?.pages[0];
  const rows = docs.data?.pages.flatMap((p) => p.data) ?? [];
  const lng = i18n.language;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilters(clean(new FormData(e.currentTarget)));
  };

  return (
    <>
      <PageHeader
        title={t('documents.title')}
        subtitle={t('documents.subtitle')}
        actions={
          <>
            <a className="btn btn-secondary" href={exportUrl(seriesFilters, 'csv')} download>
              {t('documents.exportCsv')}
            </a>
            <a className="btn btn-secondary" href={exportUrl(seriesFilters, 'xlsx')} download>
              {t('documents.exportXlsx')}
            </a>
          </>
        }
      />
      <form className="filters" onSubmit={onSubmit} onReset={() => setFilters(EMPTY)} aria-label={t('documents.title')}>
        <Select label={t('documents.type')} name="type" defaultValue="">
          <option value="">{t('common.all')}</option>
          {documentType.options.map((d) => (
            <option key={d} value={d}>
              {t(`docType.${d}`)}
            </option>
          ))}
        </Select>
        <Field label={t('documents.from')} name="from" type="date" />
        <Field label={t('documents.to')} name="to" type="date" />
        <Field label={t('documents.party')} name="party" />
        <Field label={t('documents.product')} name="product" />
        {isPrincipal ? (
          <Select label={t('documents.distributor')} name="distributorId" defaultValue="">
            <option value="">{t('common.all')}</option>
            {distributors.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        ) : null}
        <Select label={t('documents.sort')} name="sort" defaultValue="date_desc">
          <option value="date_desc">{t('documents.sortDateDesc')}</option>
          <option value="date_asc">{t('documents.sortDateAsc')}</option>
          <option value="total_desc">{t('documents.sortTotalDesc')}</option>
          <option value="total_asc">{t('documents.sortTotalAsc')}</option>
        </Select>
        <div className="filter-actions">
          <Button type="submit">{t('common.apply')}</Button>
          <Button type="reset" variant="ghost">
            {t('common.reset')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={docs.error} />

      {first ? (
        <div className="stats">
          <div className="stat">
            <span className="muted small">{t('integrations.documents')}</span>
            <strong data-testid="documents-total">{t('documents.totalDocuments', { count: first.totals.documents })}</strong>
          </div>
          <div className="stat">
            <span className="muted small">{t('documents.amount')}</span>
            <strong>{formatMoney(first.totals.amount, lng)}</strong>
          </div>
        </div>
      ) : null}
      {isPrincipal && first && first.totals.byDistributor.length > 0 ? (
        <section className="section" aria-labelledby="per-distributor">
          <h2 id="per-distributor">{t('documents.perDistributor')}</h2>
          <table className="table compact" data-testid="distributor-totals">
            <thead>
              <tr>
                <th>{t('documents.distributor')}</th>
                <th className="num">{t('integrations.documents')}</th>
                <th className="num">{t('documents.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {first.totals.byDistributor.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td className="num">{formatNumber(d.documents, lng)}</td>
                  <td className="num">{formatMoney(d.amount, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {series.data && series.data.data.length > 0 ? <AmountChart series={series.data} /> : null}

      {!docs.data && !docs.error ? <p className="muted">{t('common.loading')}</p> : null}
      {docs.data && rows.length === 0 ? (
        // A principal with no distributor yet sees why nothing is here, not "no match".
        <EmptyState>{isPrincipal && distributors.data?.length === 0 ? t('documents.noDistributors') : t('documents.empty')}</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="documents-table">
            <thead>
              <tr>
                <th>{t('documents.number')}</th>
                <th>{t('documents.type')}</th>
                <th>{t('documents.date')}</th>
                <th>{t('documents.party')}</th>
                {isPrincipal ? <th>{t('documents.distributor')}</th> : null}
                <th className="num">{t('documents.lines')}</th>
                <th className="num">{t('documents.total')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>
                    <button type="button" className="link" onClick={() => setOpenId(d.id)}>
                      {d.number}
                    </button>
                  </td>
                  <td>{t(`docType.${d.type}`)}</td>
                  <td className="nowrap">{formatDate(d.date, lng)}</td>
                  <td>{d.partyName ?? d.partyCode ?? '—'}</td>
                  {isPrincipal ? <td>{d.distributor.name}</td> : null}
                  <td className="num">{formatNumber(d.lineCount, lng)}</td>
                  <td className="num">{formatMoney(d.total, lng, d.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {docs.hasNextPage ? (
        <Button variant="secondary" busy={docs.isFetchingNextPage} onClick={() => void docs.fetchNextPage()}>
          {t('documents.loadMore')}
        </Button>
      ) : null}

      <Dialog open={openId !== null} title={detail.data?.number ?? t('documents.detail')} onClose={() => setOpenId(null)}>
        <ErrorAlert error={detail.error} />
        {!detail.data && !detail.error ? <p className="muted">{t('common.loading')}</p> : null}
        {detail.data ? (
          <>
            <p className="muted small">
              {t(`docType.${detail.data.type}`)} · {formatDate(detail.data.date, lng)} · {detail.data.partyName ?? detail.data.partyCode ?? '—'} ·{' '}
              {t('documents.templateVersion')} {detail.data.templateVersion}
            </p>
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('documents.product_')}</th>
                  <th className="num">{t('documents.qty')}</th>
                  <th>{t('documents.unit')}</th>
                  <th className="num">{t('documents.qtyBase')}</th>
                  <th className="num">{t('documents.price')}</th>
                  <th className="num">{t('documents.lineAmount')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.lines.map((l) => (
                  <tr key={l.lineNo}>
                    <td>
                      {l.productName} <span className="muted small">{l.productCode}</span>
                    </td>
                    <td className="num">{formatNumber(l.quantity, lng)}</td>
                    <td>{l.unit}</td>
                    <td className="num">{formatNumber(l.quantityBase, lng)}</td>
                    <td className="num">{formatMoney(l.unitPrice, lng)}</td>
                    <td className="num">{formatMoney(l.amount, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="right">
              <strong>
                {t('documents.total')}: {formatMoney(detail.data.total, lng)}
              </strong>
            </p>
          </>
        ) : null}
      </Dialog>
    </>
  );
}
