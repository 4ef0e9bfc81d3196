import { useTranslation } from 'react-i18next';
import './filter-chips.css';

export interface FilterChip {
  key: string;
  /** What the filter is ("Kota"). */
  label: string;
  /** Its value as a reader names it ("Bandung"). */
  value: string;
  onRemove: () => void;
}

/**
 * Filters that came from elsewhere (an insight figure's drill-down) shown as
 * chips, each removable, so a list narrowed by them says so and can be
 * widened again.
 */
export function FilterChips({ chips, label }: { chips: FilterChip[]; label: string }) {
  const { t } = useTranslation();
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label={label}>
      {chips.map((c) => (
        <li key={c.key} className="filter-chip" data-filter={c.key}>
          <span>
            <span className="muted">{c.label}:</span> {c.value}
          </span>
          <button type="button" className="filter-chip-remove" aria-label={t('filterChips.remove', { label: c.label, value: c.value })} onClick={c.onRemove}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
