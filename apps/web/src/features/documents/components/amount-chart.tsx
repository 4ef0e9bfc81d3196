import type { DocumentSeries } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = { SALES_ORDER: '#2563eb', SALES_RETURN: '#f59e0b', SALES_INVOICE: '#16a34a', PURCHASE_INVOICE: '#9333ea', PURCHASE_ORDER: '#0891b2' } as const;

export function AmountChart({ series }: { series: DocumentSeries }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'id-ID';
  const byPeriod = new Map<string, Record<string, number | string>>();
  for (const p of series.data) {
    const row = byPeriod.get(p.period) ?? {
      period: new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' }).format(new Date(`${p.period}T00:00:00`)),
    };
    row[p.type] = Number(p.amount);
    byPeriod.set(p.period, row);
  }
  const rows = [...byPeriod.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
  const types = [...new Set(series.data.map((p) => p.type))];
  const compact = new Intl.NumberFormat(locale, { notation: 'compact' });
  return (
    <figure className="chart" aria-label={t('documents.chart')}>
      <figcaption>{t('documents.chart')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" fontSize={12} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} fontSize={12} width={60} />
          <Tooltip formatter={(v) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'IDR' }).format(Number(v))} />
          <Legend formatter={(v: string) => t(`docType.${v}`)} />
          {types.map((type) => (
            <Bar key={type} dataKey={type} stackId="a" fill={COLORS[type]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
