import { EXTERNAL_TEMPLATE_VERSION } from '@portal/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Badge, ErrorAlert, PageHeader, Skeleton } from '../../../components/ui/ui';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { useDocument } from '../api/documents';
import '../documents.css';

/** One document as consolidated: its header, how it arrived, every line with its discount and tax, and the totals. */
export function DocumentPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const doc = useDocument(id);
  const lng = i18n.language;
  const d = doc.data;
  const money = (v: string) => formatMoney(v, lng, d?.currency);

  // Back to the list as it was (its filters are in the address) when the user came from it; else to the list.
  const back = (
    <Link
      to="/documents"
      className="btn btn-secondary"
      onClick={(e) => {
        if (location.key !== 'default') {
          e.preventDefault();
          void navigate(-1);
        }
      }}
    >
      ← {t('documents.backToList')}
    </Link>
  );

  if (!d) {
    return (
      <>
        <PageHeader title={t('documents.detail')} actions={back} />
        <ErrorAlert error={doc.error} onRetry={doc.refetch} />
        {doc.error ? null : <Skeleton lines={8} />}
      </>
    );
  }

  const facts: [string, ReactNode][] = [
    [t('documents.type'), t(`docType.${d.type}`)],
    [t('documents.date'), formatDate(d.date, lng)],
    [t('documents.status'), d.status ? <Badge tone="info">{d.status}</Badge> : '—'],
    [t('documents.party'), d.partyName ?? '—'],
    [t('documents.partyCode'), d.partyCode ? <code>{d.partyCode}</code> : '—'],
    [t('documents.salesman'), d.salesmanCode ? <code>{d.salesmanCode}</code> : '—'],
    ...(me.data?.organization.kind === 'PRINCIPAL' ? [[t('documents.distributor'), d.distributor.name] as [string, ReactNode]] : []),
    [
      t('documents.arrivedVia'),
      d.templateVersion === EXTERNAL_TEMPLATE_VERSION ? t('documents.viaExternal') : t('documents.viaTemplate', { version: d.templateVersion }),
    ],
    [t('documents.sourceId'), <code key="source">{d.sourceId}</code>],
    [t('documents.sourceUpdatedAt'), formatDateTime(d.sourceUpdatedAt, lng)],
  ];

  return (
    <>
      <PageHeader title={d.number} subtitle={t(`docType.${d.type}`)} actions={back} />
      <section className="card" aria-label={t('documents.header')}>
        <dl className="facts" data-testid="document-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="muted small">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="section" aria-labelledby="document-lines">
        <h2 id="document-lines">{t('documents.linesTitle', { count: d.lines.length })}</h2>
        <div className="table-scroll">
          <table className="table compact" data-testid="document-lines">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>{t('documents.product_')}</th>
                <th className="num">{t('documents.qty')}</th>
                <th>{t('documents.unit')}</th>
                <th className="num">{t('documents.qtyBase')}</th>
                <th className="num">{t('documents.price')}</th>
                <th className="num">{t('documents.discount')}</th>
                <th className="num">{t('documents.tax')}</th>
                <th className="num">{t('documents.lineAmount')}</th>
              </tr>
            </thead>
            <tbody>
              {d.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td className="num">{l.lineNo}</td>
                  <td>
                    {l.productName ? (
                      <>
                        {l.productName} <span className="muted small">{l.productCode}</span>
                      </>
                    ) : (
                      l.productCode
                    )}
                  </td>
                  <td className="num">{formatNumber(l.quantity, lng)}</td>
                  <td>{l.unit}</td>
                  <td className="num">{formatNumber(l.quantityBase, lng)}</td>
                  <td className="num">{money(l.unitPrice)}</td>
                  <td className="num">{money(l.discount)}</td>
                  <td className="num">{money(l.tax)}</td>
                  <td className="num">{money(l.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot data-testid="document-totals">
              {(
                [
                  ['subtotal', d.subtotal],
                  ['discount', d.discount],
                  ['tax', d.tax],
                  ['total', d.total],
                ] as const
              ).map(([key, value]) => (
                <tr key={key}>
                  <th colSpan={8} className="num">
                    {t(`documents.${key}`)}
                  </th>
                  <td className="num">{key === 'total' ? <strong>{money(value)}</strong> : money(value)}</td>
                </tr>
              ))}
            </tfoot>
          </table>
        </div>
      </section>
    </>
  );
}
