import { insightGranularity, insightMeasure, type OrganizationKind } from '@portal/contracts';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../components/date-field';
import { SearchField } from '../../../components/search-field';
import { Button, Field, Select } from '../../../components/ui/ui';
import { useDistributors, useSku } from '../api/insight';
import { type InsightView, NARROWING, type Narrowing, type Period, PERIODS } from '../utils/insight-params';

interface Props {
  view: InsightView;
  kind: OrganizationKind;
  /** The currencies the range has figures in: a picker only when there are several. */
  currencies: string[];
  onChange: (view: InsightView) => void;
  onReset: () => void;
}

/** A choice that changes what is counted applies at once; typed filters wait for *Terapkan*. */
const submitNow = (e: ChangeEvent<HTMLSelectElement | HTMLInputElement>) => e.currentTarget.form?.requestSubmit();

/**
 * The insight filters as one form whose submit writes the address (the
 * screen reads its state from there). Keyed by the address by its parent, so
 * Back and a shared link show the inputs of the figures they lead to.
 */
export function InsightFilterBar({ view, kind, currencies, onChange, onReset }: Props) {
  const { t } = useTranslation();
  const isPrincipal = kind === 'PRINCIPAL';
  const [period, setPeriod] = useState<Period>(view.period);
  const [measure, setMeasure] = useState(view.measure);
  const distributors = useDistributors(isPrincipal);
  const sku = useSku(view.filters.skuId);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = form.get(k);
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    };
    const filters: InsightView['filters'] = {};
    for (const key of NARROWING) {
      const v = text(key);
      if (v) filters[key as Narrowing] = v;
    }
    const chosenPeriod = (text('period') as Period | undefined) ?? view.period;
    const from = text('from');
    const to = text('to');
    onChange({
      ...view,
      measure: insightMeasure.catch('sell_out').parse(text('measure')),
      period: chosenPeriod,
      ...(chosenPeriod === 'custom' ? { from, to } : { from: undefined, to: undefined }),
      granularity: insightGranularity.catch('month').parse(text('granularity')),
      principalGoodsOnly: form.get('principalGoodsOnly') === 'on',
      filters,
    });
  };

  return (
    <form className="filters insight-filters" onSubmit={onSubmit} onReset={onReset} aria-label={t('insight.filters')}>
      <Select
        label={t('insight.measure')}
        name="measure"
        defaultValue={view.measure}
        onChange={(e) => {
          setMeasure(e.target.value as InsightView['measure']);
          submitNow(e);
        }}
      >
        {insightMeasure.options.map((m) => (
          <option key={m} value={m}>
            {t(`insight.measures.${m}`)}
          </option>
        ))}
      </Select>
      {isPrincipal && measure === 'sell_in' ? (
        <label className="field insight-check">
          <span>
            <input type="checkbox" name="principalGoodsOnly" defaultChecked={view.principalGoodsOnly} onChange={submitNow} /> {t('insight.principalGoodsOnly')}
          </span>
        </label>
      ) : null}
      <Select
        label={t('insight.period')}
        name="period"
        defaultValue={view.period}
        onChange={(e) => {
          setPeriod(e.target.value as Period);
          if (e.target.value !== 'custom') submitNow(e);
        }}
      >
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`insight.periods.${p}`)}
          </option>
        ))}
      </Select>
      {period === 'custom' ? (
        <>
          <DateField label={t('insight.from')} name="from" defaultValue={view.from} />
          <DateField label={t('insight.to')} name="to" defaultValue={view.to} />
        </>
      ) : null}
      <Select label={t('insight.granularity')} name="granularity" defaultValue={view.granularity} onChange={submitNow}>
        {insightGranularity.options.map((g) => (
          <option key={g} value={g}>
            {t(`insight.granularities.${g}`)}
          </option>
        ))}
      </Select>
      {currencies.length > 1 || view.filters.currency ? (
        <Select label={t('insight.currency')} name="currency" defaultValue={view.filters.currency ?? ''} onChange={submitNow}>
          <option value="">{t('common.all')}</option>
          {[...new Set([...currencies, ...(view.filters.currency ? [view.filters.currency] : [])])].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      ) : null}
      {isPrincipal ? (
        <Select label={t('insight.distributor')} name="distributorId" defaultValue={view.filters.distributorId ?? ''} onChange={submitNow}>
          <option value="">{t('common.all')}</option>
          {(distributors.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          {view.filters.distributorId && distributors.data && !distributors.data.some((d) => d.id === view.filters.distributorId) ? (
            <option value={view.filters.distributorId}>{t('insight.unknownDistributor')}</option>
          ) : null}
        </Select>
      ) : null}
      {isPrincipal ? (
        <SearchField
          key={sku.data ? 'named' : 'loading'}
          kind="skus"
          fills="id"
          label={t('insight.sku')}
          name="skuId"
          defaultValue={view.filters.skuId}
          defaultLabel={sku.data ? `${sku.data.code} ${sku.data.name}` : undefined}
          placeholder={t('search.typeToSearch')}
        />
      ) : null}
      <SearchField
        kind="products"
        label={t('insight.product')}
        name="productCode"
        defaultValue={view.filters.productCode}
        placeholder={t('search.typeToSearch')}
      />
      <Field label={t('insight.brand')} name="brand" defaultValue={view.filters.brand ?? ''} />
      <Field label={t('insight.category')} name="category" defaultValue={view.filters.category ?? ''} />
      <Field label={t('insight.city')} name="city" defaultValue={view.filters.city ?? ''} />
      <SearchField kind="customers" label={t('insight.customer')} name="customer" defaultValue={view.filters.customer} placeholder={t('search.typeToSearch')} />
      <Field label={t('insight.salesman')} name="salesman" defaultValue={view.filters.salesman ?? ''} />
      <div className="filter-actions">
        <Button type="submit">{t('common.apply')}</Button>
        <Button type="reset" variant="ghost">
          {t('common.reset')}
        </Button>
      </div>
    </form>
  );
}
