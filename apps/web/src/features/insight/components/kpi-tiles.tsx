import type { InsightSummary, OrganizationKind } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';

type CurrencyFigures = InsightSummary['currencies'][number];

const locale = (lng: string) => (lng === 'en' ? 'en-US' : 'id-ID');

/** Growth as the tile shows it: +12,3 % up and green, −4,0 % down and red, "—" without a previous value. */
export function Growth({ growth, lng }: { growth: string | null; lng: string }) {
  const { t } = useTranslation();
  if (growth === null)
    return (
      <span className="growth growth-none" data-testid="growth" title={t('insight.noPrevious')}>
        —
      </span>
    );
  const n = Number(growth);
  const dir = n > 0 ? 'up' : n < 0 ? 'down' : 'flat';
  const text = new Intl.NumberFormat(locale(lng), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(n);
  return (
    <span className={`growth growth-${dir}`} data-testid="growth" data-direction={dir}>
      <span aria-hidden="true">{dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'}</span> {text}
    </span>
  );
}

function Tile({ label, value, sub, testId, docs }: { label: string; value: React.ReactNode; sub?: React.ReactNode; testId: string; docs: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="stat insight-tile" data-testid={testId}>
      <span className="muted small">{label}</span>
      <strong className="insight-tile-value">{value}</strong>
      {sub ? <span className="small">{sub}</span> : null}
      {docs ? (
        <Link className="small insight-docs-link" to={docs}>
          {t('insight.viewDocuments')}
        </Link>
      ) : null}
    </div>
  );
}

/**
 * The KPI tiles, one row per currency (never one sum of two currencies), and
 * a note when some lines are in the value but not in the quantity.
 */
export function KpiTiles({ summary, kind, docs }: { summary: InsightSummary; kind: OrganizationKind; docs: string | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const unmapped = summary.currencies.reduce((n, c) => n + c.unmappedLines, 0);
  const unconvertible = summary.currencies.reduce((n, c) => n + c.unconvertibleLines, 0);
  const fixWhere = kind === 'PRINCIPAL' ? '/product-mapping' : '/master-data';
  return (
    <section className="section" aria-label={t('insight.tiles')}>
      <p className="muted small" data-testid="insight-range">
        {t('insight.rangeVs', {
          from: formatDate(summary.from, lng),
          to: formatDate(summary.to, lng),
          previousFrom: formatDate(summary.previousFrom, lng),
          previousTo: formatDate(summary.previousTo, lng),
        })}
      </p>
      {summary.currencies.map((c: CurrencyFigures) => (
        <div key={c.currency} className="stats insight-tiles" data-currency={c.currency}>
          <Tile
            testId="tile-value"
            label={summary.currencies.length > 1 ? t('insight.valueIn', { currency: c.currency }) : t('insight.value')}
            value={formatMoney(c.value, lng, c.currency)}
            sub={
              <>
                <Growth growth={c.growth} lng={lng} />{' '}
                <span className="muted">{t('insight.vsPrevious', { value: formatMoney(c.previous.value, lng, c.currency) })}</span>
              </>
            }
            docs={docs}
          />
          <Tile
            testId="tile-quantity"
            label={t('insight.quantity')}
            value={formatNumber(c.quantity, lng)}
            sub={<span className="muted">{t('insight.previous', { value: formatNumber(c.previous.quantity, lng) })}</span>}
            docs={docs}
          />
          <Tile
            testId="tile-outlets"
            label={t('insight.activeOutlets')}
            value={formatNumber(c.activeOutlets, lng)}
            sub={<span className="muted">{t('insight.previous', { value: formatNumber(c.previous.activeOutlets, lng) })}</span>}
            docs={docs}
          />
          <Tile
            testId="tile-skus"
            label={kind === 'PRINCIPAL' ? t('insight.skusSold') : t('insight.productsSold')}
            value={formatNumber(c.skusSold, lng)}
            sub={<span className="muted">{t('insight.previous', { value: formatNumber(c.previous.skusSold, lng) })}</span>}
            docs={docs}
          />
        </div>
      ))}
      {unmapped > 0 || unconvertible > 0 ? (
        <div className="alert insight-note" role="note" data-testid="insight-quantity-note">
          {unmapped > 0 ? <p>{t('insight.unmappedNote', { count: unmapped })}</p> : null}
          {unconvertible > 0 ? <p>{t('insight.unconvertibleNote', { count: unconvertible })}</p> : null}
          <Link to={fixWhere}>{kind === 'PRINCIPAL' ? t('insight.openMapping') : t('insight.openMasterData')}</Link>
        </div>
      ) : null}
    </section>
  );
}
