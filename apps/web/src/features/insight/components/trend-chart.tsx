import type { InsightGranularity, InsightTrend } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, formatNumber } from '../../../lib/format';
import { trendRows } from '../utils/trend-rows';

const VALUE_COLORS = ['#1d4ed8', '#16a34a', '#9333ea', '#dc2626', '#0891b2'];
const QUANTITY_COLORS = ['#bfdbfe', '#bbf7d0', '#e9d5ff', '#fecaca', '#a5f3fc'];

/**
 * Value over time, one line per currency, with the base-unit quantity as
 * bars on a second axis when the API gives it (monthly periods).
 */
export function TrendChart({ trend, granularity }: { trend: InsightTrend; granularity: InsightGranularity }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { rows, currencies, hasQuantity } = trendRows(trend);
  if (rows.length === 0) return null;
  const locale = lng === 'en' ? 'en-US' : 'id-ID';
  const periodFormat = new Intl.DateTimeFormat(locale, granularity === 'month' ? { month: 'short', year: 'numeric' } : { day: '2-digit', month: 'short' });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact' });
  const label = (p: unknown) => {
    const text = periodFormat.format(new Date(`${String(p)}T00:00:00`));
    return granularity === 'week' ? t('insight.weekOf', { date: text }) : text;
  };
  const seriesName = (key: string) => {
    const [kind, currency] = key.split(':') as [string, string];
    const base = kind === 'value' ? t('insight.value') : t('insight.quantity');
    return currencies.length > 1 ? `${base} (${currency})` : base;
  };
  return (
    <figure className="chart" aria-label={t('insight.trend')} data-testid="insight-trend" data-points={rows.length}>
      <figcaption>{t('insight.trendOf', { granularity: t(`insight.granularities.${granularity}`) })}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" fontSize={12} tickFormatter={label} />
          <YAxis yAxisId="value" tickFormatter={(v: number) => compact.format(v)} fontSize={12} width={60} />
          {hasQuantity ? <YAxis yAxisId="quantity" orientation="right" tickFormatter={(v: number) => compact.format(v)} fontSize={12} width={60} /> : null}
          <Tooltip
            labelFormatter={label}
            formatter={(v, name) => {
              const key = String(name);
              const currency = key.split(':')[1] ?? 'IDR';
              return [key.startsWith('value:') ? formatMoney(String(v), lng, currency) : formatNumber(Number(v), lng), seriesName(key)];
            }}
          />
          <Legend formatter={(v: string) => seriesName(v)} />
          {hasQuantity
            ? currencies.map((c, i) => <Bar key={`q-${c}`} yAxisId="quantity" dataKey={`quantity:${c}`} fill={QUANTITY_COLORS[i % QUANTITY_COLORS.length]} />)
            : null}
          {currencies.map((c, i) => (
            <Line
              key={`v-${c}`}
              yAxisId="value"
              type="monotone"
              dataKey={`value:${c}`}
              stroke={VALUE_COLORS[i % VALUE_COLORS.length]}
              strokeWidth={2}
              dot={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
