import type { Rule, TemplateRules } from './rule-editing';

export type RuleChange = { scope: 'header' | 'line'; target: string } & (
  { change: 'added'; after: Rule } | { change: 'removed'; before: Rule } | { change: 'changed'; before: Rule; after: Rule }
);

/** JSON with object keys sorted: stored rules come back from jsonb with their keys in another order. */
function sameValue(a: unknown, b: unknown): boolean {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, stable(x)]),
          )
        : v;
  return JSON.stringify(stable(a)) === JSON.stringify(stable(b));
}

function diffScope(scope: 'header' | 'line', older: Rule[], newer: Rule[]): RuleChange[] {
  const before = new Map(older.map((r) => [r.target as string, r]));
  const after = new Map(newer.map((r) => [r.target as string, r]));
  const changes: RuleChange[] = [];
  // In the newer version's order, then what it dropped: the reader sees the template as it is now.
  for (const [target, rule] of after) {
    const old = before.get(target);
    if (!old) changes.push({ scope, target, change: 'added', after: rule });
    else if (!sameValue(old, rule)) changes.push({ scope, target, change: 'changed', before: old, after: rule });
  }
  for (const [target, rule] of before) if (!after.has(target)) changes.push({ scope, target, change: 'removed', before: rule });
  return changes;
}

/**
 * What a version changed against an earlier one, rule by rule (a rule is
 * known by the field it fills): added, removed or changed, and whether the
 * path of the lines array moved.
 */
export function diffRules(older: TemplateRules, newer: TemplateRules): { rules: RuleChange[]; linesPath: { before: string; after: string } | null } {
  return {
    rules: [...diffScope('header', older.header, newer.header), ...diffScope('line', older.lines.rules, newer.lines.rules)],
    linesPath: older.lines.sourcePath === newer.lines.sourcePath ? null : { before: older.lines.sourcePath, after: newer.lines.sourcePath },
  };
}
