import { dateFormat, type Transform } from '@portal/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import '../model-templates.css';
import { pairsToText, textToPairs } from '../utils/rule-editing';
import { TextCell } from './text-cell';

/** A parameter with its name above its input: a row of bare boxes (unit conversion has four) says nothing. */
function Param({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label className="transform-param">
      <span>{t(`templates.param.${name}`)}</span>
      {children}
    </label>
  );
}

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
        <Param name="format">
          <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as typeof value.format })}>
            {dateFormat.options.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </Param>
      ) : null}
      {value.kind === 'decimal' ? (
        <Param name="format">
          <select aria-label={p('format')} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as 'id-ID' | 'plain' })}>
            <option value="id-ID">1.234.567,89</option>
            <option value="plain">1234567.89</option>
          </select>
        </Param>
      ) : null}
      {value.kind === 'codeMap' ? (
        <>
          <Param name="map">
            <TextCell label={p('map')} initial={pairsToText(value.map)} onCommit={(x) => onChange({ ...value, map: textToPairs(x) })} className="wide" />
          </Param>
          <Param name="fallback">
            <select aria-label={p('fallback')} value={value.fallback} onChange={(e) => onChange({ ...value, fallback: e.target.value as 'keep' | 'error' })}>
              <option value="keep">{t('templates.fallbackKeep')}</option>
              <option value="error">{t('templates.fallbackError')}</option>
            </select>
          </Param>
        </>
      ) : null}
      {value.kind === 'unitToBase' ? (
        <>
          <Param name="baseUnit">
            <TextCell label={p('baseUnit')} initial={value.baseUnit} onCommit={(x) => onChange({ ...value, baseUnit: x })} className="narrow" />
          </Param>
          <Param name="unitSource">
            <TextCell label={p('unitSource')} initial={value.unitSource} onCommit={(x) => onChange({ ...value, unitSource: x })} />
          </Param>
          <Param name="factorSource">
            <TextCell
              label={p('factorSource')}
              initial={value.factorSource ?? ''}
              onCommit={(x) => {
                const { factorSource: _f, ...rest } = value;
                onChange(x.trim() ? { ...rest, factorSource: x.trim() } : rest);
              }}
            />
          </Param>
          <Param name="factors">
            <TextCell
              label={p('factors')}
              initial={pairsToText(value.factors)}
              onCommit={(x) => {
                const { factors: _f, ...rest } = value;
                const factors = textToPairs(x);
                onChange(Object.keys(factors).length ? { ...rest, factors } : rest);
              }}
            />
          </Param>
          <span className="muted small transform-hint">{t('templates.unitHint')}</span>
        </>
      ) : null}
      {value.kind === 'default' ? (
        <Param name="value">
          <TextCell label={p('value')} initial={value.value} onCommit={(x) => onChange({ ...value, value: x })} />
        </Param>
      ) : null}
      {value.kind === 'concat' ? (
        <Param name="separator">
          <TextCell label={p('separator')} initial={value.separator} onCommit={(x) => onChange({ ...value, separator: x })} className="narrow" />
        </Param>
      ) : null}
      <button type="button" className="icon-btn small" aria-label={`${t('templates.removeTransform')} ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
