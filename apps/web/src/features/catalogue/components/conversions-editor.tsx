import { conversionFactor, describeUnitLadder, unitKey } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';

export interface ConversionDraft {
  unit: string;
  factor: string;
}

/** Why a conversion row cannot be saved, as a translation key, or null. */
export function conversionRowError(rows: readonly ConversionDraft[], i: number, baseUnit: string): string | null {
  const row = rows[i]!;
  const key = unitKey(row.unit);
  if (key === '') return 'catalogue.conversionErrors.unitRequired';
  if (key === unitKey(baseUnit)) return 'catalogue.conversionErrors.baseUnit';
  if (rows.findIndex((r) => unitKey(r.unit) === key) !== i) return 'catalogue.conversionErrors.unitTwice';
  if (!conversionFactor.safeParse(row.factor).success) return 'catalogue.conversionErrors.factor';
  return null;
}

/**
 * A product's units besides its base unit, each with how many base units it
 * holds, and the ladder they make ("1 KRT = 4 DUS = 48 PCS") as the user types.
 */
export function ConversionsEditor({
  baseUnit,
  rows,
  onChange,
  showErrors,
}: {
  baseUnit: string;
  rows: ConversionDraft[];
  onChange: (rows: ConversionDraft[]) => void;
  showErrors: boolean;
}) {
  const { t, i18n } = useTranslation();
  const base = unitKey(baseUnit) || t('catalogue.baseUnitShort');
  const set = (i: number, patch: Partial<ConversionDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const ladder = describeUnitLadder(baseUnit, rows, (a) => formatNumber(a, i18n.language));
  return (
    <fieldset className="field sku-conversions">
      <legend>{t('catalogue.conversions')}</legend>
      <p className="field-hint">{t('catalogue.conversionsHint', { base })}</p>
      {rows.map((row, i) => {
        const error = showErrors ? conversionRowError(rows, i, baseUnit) : null;
        return (
          <div key={i} className="sku-conversion-row">
            <span>1</span>
            <input
              aria-label={t('catalogue.conversionUnit', { n: i + 1 })}
              value={row.unit}
              maxLength={20}
              placeholder="DUS"
              onChange={(e) => set(i, { unit: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
            <span>=</span>
            <input
              aria-label={t('catalogue.conversionFactor', { n: i + 1 })}
              value={row.factor}
              inputMode="decimal"
              maxLength={20}
              placeholder="12"
              onChange={(e) => set(i, { factor: e.target.value.replace(',', '.') })}
              aria-invalid={error ? true : undefined}
            />
            <span>{base}</span>
            <Button variant="ghost" aria-label={t('catalogue.removeConversion', { n: i + 1 })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ×
            </Button>
            {error ? <span className="field-error sku-conversion-error">{t(error, { base })}</span> : null}
          </div>
        );
      })}
      <Button variant="secondary" onClick={() => onChange([...rows, { unit: '', factor: '' }])}>
        {t('catalogue.addConversion')}
      </Button>
      {ladder ? (
        <p className="sku-ladder" data-testid="unit-ladder">
          {ladder}
        </p>
      ) : null}
    </fieldset>
  );
}
