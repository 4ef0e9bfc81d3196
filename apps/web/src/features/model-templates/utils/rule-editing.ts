import { type HeaderRule, type LineRule, type Transform, transform as transformSchema } from '@portal/contracts';

export type Rule = HeaderRule | LineRule;
/** A rule as the editor holds it: with an identity of its own, so rows keep their inputs while others are added or removed. */
export type Row = { uid: number; rule: Rule };
export type Kind = Transform['kind'];
/** The rules of a template as its list entry carries them (`rules` is untyped there). */
export type TemplateRules = { header: Rule[]; lines: { sourcePath: string; rules: Rule[] } };

export const KINDS = transformSchema.options.map((o) => o.shape.kind.value) as Kind[];
let nextUid = 1;
export const newRow = (rule: Rule): Row => ({ uid: nextUid++, rule });
export const rowsOf = (rules: Rule[]): Row[] => rules.map(newRow);

export function newTransform(kind: Kind): Transform {
  switch (kind) {
    case 'date':
      return { kind, format: 'dd/MM/yyyy' };
    case 'decimal':
      return { kind, format: 'id-ID' };
    case 'codeMap':
      return { kind, map: {}, fallback: 'keep' };
    case 'unitToBase':
      return { kind, baseUnit: 'PCS', unitSource: '$.satuan' };
    case 'default':
      return { kind, value: '' };
    case 'concat':
      return { kind, separator: ' ' };
    default:
      return { kind } as Transform;
  }
}

/** "A=B, C=D" ⇄ { A: "B", C: "D" }: code maps and unit factors edited as one line of text. */
export const pairsToText = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
export function textToPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

/** "$.a + $.b" ⇄ source / sources. */
export const sourceText = (r: Rule) => (r.sources ? r.sources.join(' + ') : (r.source ?? ''));
export function withSourceText(r: Rule, text: string): Rule {
  const parts = text
    .split('+')
    .map((s) => s.trim())
    .filter(Boolean);
  const { source: _s, sources: _ss, ...rest } = r;
  if (parts.length === 0) return rest as Rule;
  if (parts.length === 1) return { ...rest, source: parts[0] } as Rule;
  return { ...rest, sources: parts } as Rule;
}
