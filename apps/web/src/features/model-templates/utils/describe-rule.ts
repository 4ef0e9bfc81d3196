import type { Transform } from '@portal/contracts';
import type { TFunction } from 'i18next';
import { pairsToText, type Rule, sourceText } from './rule-editing';

/** A transform in the user's language, as the editor names it: "Angka desimal (format: id-ID)", "Peta kode (OPEN=BUKA; kode lain: biarkan)". */
export function describeTransform(t: TFunction, x: Transform): string {
  const params = Object.entries(x)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) =>
      k === 'fallback'
        ? t(v === 'error' ? 'templates.fallbackError' : 'templates.fallbackKeep')
        : typeof v === 'object'
          ? pairsToText(v as Record<string, string>) // the pairs speak for themselves: OPEN=BUKA, DUS=12
          : `${t(`templates.param.${k}`)}: ${String(v)}`,
    );
  const kind = t(`templates.kind.${x.kind}`);
  return params.length ? `${kind} (${params.join('; ')})` : kind;
}

/** A whole rule on one line, for the version diff: where it reads, what it does, whether it is required. */
export function describeRule(t: TFunction, r: Rule): string {
  const parts = [sourceText(r) || '—', ...r.transforms.map((x) => describeTransform(t, x))];
  return `${parts.join(' → ')}${r.required ? ` (${t('templates.required').toLowerCase()})` : ''}`;
}
