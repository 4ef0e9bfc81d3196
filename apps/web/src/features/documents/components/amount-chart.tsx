import type { DocumentSeries } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Select } from '../../../components/ui/ui';
import { formatMoney } from '../../../lib/format';
import { monthlyRows, seriesCurrencies } from '../utils/chart-rows';

const COLORS = { SALES_ORDER: '#2563eb', SALES_RETURN: '#f59e0b', SALES_INVOICE: '#16a34a', PURCHASE_INVOICE: '#9333ea', PURCHASE_ORDER: '#0891b2' } as const;

/**
 * Amounts per month in one currency at a time (a picker switches between the
 * series' currencies, IDR first), one bar per document type side by side:
 * never stacked, as neither sales and purchases nor two currencies add up.
 */
export function AmountChart({ series, from, to }: { series: DocumentSeries; from?: string | undefined; to?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [picked, setPicked] = useState<string>();
  const currencies = seriesCurrencies(series);
  // A pick the current filters have no documents in falls back to the first currency.
  const currency = picked !== undefined && currencies.includes(picked) ? picked : currencies[0];
  if (currency === undefined) return null;
  const { rows, types } = monthlyRows(series, { from, to }, currency);
  if (rows.length === 0) return null;
  const locale = i18n.language === 'en' ? 'en-US' : 'id-ID';
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact' });
  return (
    <figure className="chart" aria-label={t('documents.chart')} data-testid="amount-chart" data-months={rows.length} data-currency={currency}>
      <figcaption className="chart-caption">
        <span>{t('documents.chartIn', { currency })}</span>
        {currencies.length > 1 ? (
          <Select label={t('documents.currency')} value={currency} onChange={(e) => setPicked(e.target.value)}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        ) : null}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" fontSize={12} tickFormatter={(p: string) => month.format(new Date(`${p}T00:00:00`))} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} fontSize={12} width={60} />
          <Tooltip
            labelFormatter={(p) => month.format(new Date(`${String(p)}T00:00:00`))}
            formatter={(v, name) => [formatMoney(String(v), i18n.language, currency), t(`docType.${String(name)}`)]}
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
