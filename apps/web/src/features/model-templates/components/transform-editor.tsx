import { dateFormat, type Transform } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { pairsToText, textToPairs } from '../utils/rule-editing';
import { TextCell } from './text-cell';

/** One transform of a rule as a chip: its kind and an input per parameter. */
export function TransformEditor({
  value,
  label,
  onChange,
  onRemove,
}: {
  value: Transform;
  label: string;
  onChange: (t: Transform) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const p = (name: string) => `${label} ${t(`templates.param.${name}`)}`;
  return (
    <span className="transform-chip" role="group" aria-label={label}>
      <strong>{t(`templates.kind.${value.kind}`)}</strong>
      {value.kind === 'date' ? (
        <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as typeof value.format })}>
          {dateFormat.options.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      ) : null}
      {value.kind === 'decimal' ? (
        <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as 'id-ID' | 'plain' })}>
          <option value="id-ID">1.234.567,89</option>
          <option value="plain">1234567.89</option>
        </select>
      ) : null}
      {value.kind === 'codeMap' ? (
        <>
          <TextCell label={p('map')} initial={pairsToText(value.map)} onCommit={(x) => onChange({ ...value, map: textToPairs(x) })} className="wide" />
          <select aria-label={p('fallback')} value={value.fallback} onChange={(e) => onChange({ ...value, fallback: e.target.value as 'keep' | 'error' })}>
            <option value="keep">{t('templates.fallbackKeep')}</option>
            <option value="error">{t('templates.fallbackError')}</option>
          </select>
        </>
      ) : null}
      {value.kind === 'unitToBase' ? (
        <>
          <TextCell label={p('baseUnit')} initial={value.baseUnit} onCommit={(x) => onChange({ ...value, baseUnit: x })} className="narrow" />
          <TextCell label={p('unitSource')} initial={value.unitSource} onCommit={(x) => onChange({ ...value, unitSource: x })} />
          <TextCell
            label={p('factorSource')}
            initial={value.factorSource ?? ''}
            onCommit={(x) => {
              const { factorSource: _f, ...rest } = value;
              onChange(x.trim() ? { ...rest, factorSource: x.trim() } : rest);
            }}
          />
          <TextCell
            label={p('factors')}
            initial={pairsToText(value.factors)}
            onCommit={(x) => {
              const { factors: _f, ...rest } = value;
              const factors = textToPairs(x);
              onChange(Object.keys(factors).length ? { ...rest, factors } : rest);
            }}
          />
        </>
      ) : null}
      {value.kind === 'default' ? <TextCell label={p('value')} initial={value.value} onCommit={(x) => onChange({ ...value, value: x })} /> : null}
      {value.kind === 'concat' ? (
        <TextCell label={p('separator')} initial={value.separator} onCommit={(x) => onChange({ ...value, separator: x })} className="narrow" />
      ) : null}
      <button type="button" className="icon-btn small" aria-label={`${t('templates.removeTransform')} ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
