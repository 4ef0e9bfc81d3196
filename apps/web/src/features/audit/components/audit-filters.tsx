import { type AuditAction, auditAction, type AuditEventFilters } from '@portal/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../components/date-field';
import { Button, Field, Select } from '../../../components/ui/ui';

/** A day picked in the form, as the instant it starts in the browser's time zone: the log is read in the reader's own days. */
const startOfDay = (iso: string, plusDays = 0) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
};

/** What the form shows for the filters in force: the days back from the instants. */
const dayOf = (instant: string | undefined, minusDays = 0) => {
  if (!instant) return undefined;
  const d = new Date(instant);
  d.setDate(d.getDate() - minusDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * The log's filters: actions (several), actor (an email, a key name or an
 * id) and a range of days, both ends included; `extra` adds fields (the
 * admin's organisation).
 */
export function AuditFilters({ value, onChange, extra }: { value: AuditEventFilters; onChange: (f: AuditEventFilters) => void; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const actions = form.getAll('action').map(String) as AuditAction[];
    onChange({
      ...(actions.length ? { action: actions } : {}),
      ...(text('actor') ? { actor: text('actor') } : {}),
      ...(text('from') ? { from: startOfDay(text('from')) } : {}),
      ...(text('to') ? { to: startOfDay(text('to'), 1) } : {}),
    });
  };
  return (
    <form
      key={JSON.stringify(value)}
      className="filters audit-filters"
      role="search"
      aria-label={t('audit.filters')}
      onSubmit={onSubmit}
      onReset={() => onChange({})}
    >
      <Select label={t('audit.actionFilter')} name="action" multiple size={6} defaultValue={value.action ?? []}>
        {auditAction.options.map((a) => (
          <option key={a} value={a}>
            {t(`audit.actions.${a}`)}
          </option>
        ))}
      </Select>
      <Field label={t('audit.actorFilter')} name="actor" type="search" defaultValue={value.actor ?? ''} placeholder={t('audit.actorHint')} />
      <DateField label={t('audit.from')} name="from" defaultValue={dayOf(value.from)} />
      <DateField label={t('audit.to')} name="to" defaultValue={dayOf(value.to, 1)} />
      {extra}
      <div className="filter-actions">
        <Button type="submit">{t('audit.apply')}</Button>
        <Button type="reset" variant="ghost">
          {t('common.reset')}
        </Button>
      </div>
    </form>
  );
}
