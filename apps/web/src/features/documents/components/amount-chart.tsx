import type { DocumentSeries } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { monthlyRows } from '../utils/chart-rows';

const COLORS = { SALES_ORDER: '#2563eb', SALES_RETURN: '#f59e0b', SALES_INVOICE: '#16a34a', PURCHASE_INVOICE: '#9333ea', PURCHASE_ORDER: '#0891b2' } as const;

/** Amounts per month, one bar per document type side by side (never stacked: sales and purchases do not add up). */
export function AmountChart({ series, from, to }: { series: DocumentSeries; from?: string | undefined; to?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'id-ID';
  const { rows, types } = monthlyRows(series, { from, to });
  if (rows.length === 0) return null;
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact' });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'IDR' });
  return (
    <figure className="chart" aria-label={t('documents.chart')} data-testid="amount-chart" data-months={rows.length}>
      <figcaption>{t('documents.chart')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" fontSize={12} tickFormatter={(p: string) => month.format(new Date(`${p}T00:00:00`))} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} fontSize={12} width={60} />
          <Tooltip
            labelFormatter={(p) => month.format(new Date(`${String(p)}T00:00:00`))}
            formatter={(v, name) => [money.format(Number(v)), t(`docType.${String(name)}`)]}
          />
          <Legend formatter={(v: string) => t(`docType.${v}`)} />
          {types.map((type) => (
            <Bar key={type} dataKey={type} fill={COLORS[type]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
