import type {
  CanonicalDocument,
  CanonicalLine,
  HeaderRule,
  LineRule,
  ModelTemplateRules,
  RecordFailureCode,
  RecordFailureParams,
  Transform,
} from '@portal/contracts';
import Big from 'big.js';
import { parseDate, parseDateTime, parseDecimal, parseInteger, parseODataDate, ValueError } from './values';

/** A failure carries the English reason (support, logs) and a code with params the SPA translates. */
export type ApplyResult = { ok: true; document: CanonicalDocument } | { ok: false; reason: string; code: RecordFailureCode; params: RecordFailureParams };

const failed = (reason: string, code: RecordFailureCode, params: RecordFailureParams = {}): ApplyResult => ({ ok: false, reason, code, params });

type Path = (string | number)[];
type Value = unknown;

const MONEY = new Set(['subtotal', 'discount', 'tax', 'total', 'unitPrice', 'amount']);
const QUANTITY = new Set(['quantity', 'quantityBase']);
// The columns are numeric(18,2) and numeric(18,4): a bigger value would fail
// the whole batch's insert, so the one record is quarantined instead.
const MONEY_LIMIT = new Big('1e16');
const QUANTITY_LIMIT = new Big('1e14');

/** `$.detail[0].qty` → ['detail', 0, 'qty'] */
export function compilePath(path: string): Path {
  const out: Path = [];
  const re = /\.([A-Za-z0-9_]+)|\[(\d+)\]/g;
  if (!path.startsWith('$')) throw new Error(`JSON path must start with $: ${path}`);
  let m: RegExpExecArray | null;
  let consumed = 1;
  while ((m = re.exec(path))) {
    if (m.index !== consumed) throw new Error(`invalid JSON path ${path}`);
    out.push(m[1] !== undefined ? m[1] : Number(m[2]));
    consumed = m.index + m[0].length;
  }
  if (consumed !== path.length) throw new Error(`invalid JSON path ${path}`);
  return out;
}

/** Reads own properties only: a record never answers with what every object inherits (`constructor`, `__proto__`). */
export function readPath(root: unknown, path: Path): Value {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

const shownValue = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Where a rule is evaluated: its scope (the record, or one line), the whole record, and the finished lines (header rules after them). */
interface Scope {
  scope: unknown;
  root: unknown;
  lines: CanonicalLine[] | null;
}
type Step = (value: Value, at: Scope) => Value;

const plain = (v: Value): Big => (v instanceof Big ? v : parseDecimal(v, 'plain'));

function compileTransform(t: Transform, describe: string): Step {
  switch (t.kind) {
    case 'default':
      return (v) => (isBlank(v) ? t.value : v);
    case 'trim':
      return (v) => (typeof v === 'string' ? v.trim() : v);
    case 'upper':
      return (v) => (typeof v === 'string' ? v.toUpperCase() : v);
    case 'codeMap':
      return (v) => {
        if (isBlank(v)) return v;
        const mapped = Object.hasOwn(t.map, String(v)) ? t.map[String(v)] : undefined;
        if (mapped !== undefined) return mapped;
        if (t.fallback === 'error')
          throw new ValueError(`no code mapping for ${JSON.stringify(v)}`, 'NO_CODE_MAPPING', { value: typeof v === 'string' ? v : JSON.stringify(v) });
        return v;
      };
    case 'date':
      return (v) => (isBlank(v) ? v : parseDate(v, t.format));
    case 'datetime':
      return (v) => (isBlank(v) ? v : parseDateTime(v, t.assumeUtc === true));
    case 'odataDate':
      return (v) => (isBlank(v) ? v : parseODataDate(v, t.as));
    case 'multiply':
      return (v) => {
        const factors = Array.isArray(v) ? v : [v];
        if (factors.some(isBlank)) return undefined;
        return factors.reduce<Big>((acc, f) => acc.times(plain(f)), new Big(1));
      };
    case 'divide': {
      const byPath = compilePath(t.by);
      return (v, at) => {
        if (isBlank(v)) return v;
        const raw = readPath(at.scope, byPath);
        const by = isBlank(raw) ? null : plain(raw);
        if (!by || by.eq(0)) throw new ValueError(`cannot divide by ${JSON.stringify(raw)} (${t.by})`, 'NOT_A_NUMBER', { value: shownValue(raw) });
        return plain(v).div(by);
      };
    }
    case 'sumLines':
      return (_v, at) => {
        if (!at.lines) throw new ValueError(`sumLines is for header rules (${describe})`, 'UNKNOWN');
        return at.lines.reduce((acc, l) => acc.plus(l[t.field]), new Big(0));
      };
    case 'negateWhen': {
      const flagPath = compilePath(t.source);
      return (v, at) => {
        if (isBlank(v)) return v;
        const flag = readPath(at.root, flagPath);
        return !isBlank(flag) && t.values.includes(String(flag)) ? plain(v).times(-1) : v;
      };
    }
    case 'decimal':
      return (v) => (isBlank(v) ? v : parseDecimal(v, t.format));
    case 'integer':
      return (v) => (isBlank(v) ? v : parseInteger(v));
    case 'concat':
      return (v) =>
        Array.isArray(v)
          ? v
              .filter((x) => !isBlank(x))
              .map(String)
              .join(t.separator)
          : v;
    case 'unitToBase': {
      const factorPath = t.factorSource ? compilePath(t.factorSource) : null;
      const unitPath = compilePath(t.unitSource);
      const base = t.baseUnit.toUpperCase();
      const fixed = Object.fromEntries(Object.entries(t.factors ?? {}).map(([k, f]) => [k.toUpperCase(), new Big(f)]));
      return (v, { scope }) => {
        if (isBlank(v)) return v;
        const qty = v instanceof Big ? v : parseDecimal(v, 'plain');
        const rawUnit = readPath(scope, unitPath);
        // A line without a unit is counted in the base unit.
        const unit = isBlank(rawUnit) ? base : String(rawUnit).trim().toUpperCase();
        if (unit === base) return qty;
        const raw = factorPath ? readPath(scope, factorPath) : undefined;
        const factor = !isBlank(raw)
          ? parseDecimal(raw, typeof raw === 'string' && raw.includes(',') ? 'id-ID' : 'plain')
          : Object.hasOwn(fixed, unit)
            ? fixed[unit]
            : undefined;
        if (!factor || factor.lte(0)) throw new ValueError(`no conversion from ${unit} to ${base} (${describe})`, 'NO_UNIT_CONVERSION', { unit, base });
        return qty.times(factor);
      };
    }
  }
}

interface CompiledRule {
  target: string;
  /** Reads the finished lines (a sumLines transform): evaluated after them. */
  afterLines: boolean;
  read: (scope: unknown) => Value;
  steps: Step[];
  required: boolean;
  describe: string;
}

function compileRule(rule: HeaderRule | LineRule): CompiledRule {
  const describe = rule.sources ? rule.sources.join(' + ') : (rule.source ?? '(none)');
  let read: (scope: unknown) => Value = () => undefined;
  if (rule.sources) {
    const paths = rule.sources.map(compilePath);
    read = (scope) => paths.map((p) => readPath(scope, p));
  } else if (rule.source) {
    const p = compilePath(rule.source);
    read = (scope) => readPath(scope, p);
  }
  return {
    target: rule.target,
    afterLines: rule.transforms.some((t) => t.kind === 'sumLines'),
    read,
    steps: rule.transforms.map((t) => compileTransform(t, describe)),
    required: rule.required,
    describe,
  };
}

function decimalWithin(v: Value, limit: Big, dp: number): string {
  const n = v instanceof Big ? v : parseDecimal(v, 'plain');
  if (n.abs().gte(limit)) throw new ValueError(`${n.toFixed()} is too large`, 'TOO_LARGE', { value: n.toFixed() });
  return n.toFixed(dp);
}

/** The canonical value of a field: exact decimals, ISO dates, and only scalars. */
function finalize(target: string, v: Value): string | null {
  if (isBlank(v)) return null;
  if (MONEY.has(target)) return decimalWithin(v, MONEY_LIMIT, 2);
  if (QUANTITY.has(target)) return decimalWithin(v, QUANTITY_LIMIT, 4);
  if (v instanceof Big) return v.toFixed();
  if (typeof v === 'object')
    throw new ValueError(`${Array.isArray(v) ? 'a list' : 'an object'} is not a single value (several sources need a concat transform)`, 'NOT_A_SINGLE_VALUE');
  const s = String(v);
  // A date needs a date transform unless the source already writes yyyy-MM-dd.
  if (target === 'date') return parseDate(s, 'yyyy-MM-dd');
  if (target === 'updatedAt') return parseDateTime(s);
  return s;
}

function evaluate(rule: CompiledRule, at: Scope): string | null {
  let v = rule.read(at.scope);
  for (const step of rule.steps) v = step(v, at);
  const out = finalize(rule.target, v);
  if (out === null && rule.required) throw new ValueError(`${rule.target} is required but ${rule.describe} is empty`, 'REQUIRED_EMPTY');
  return out;
}

/**
 * Compiles a template once into a function applied to every record. A record
 * that fails returns a reason naming the field and value; it never throws,
 * so one bad record cannot stop a page.
 */
export function compileTemplate(rules: ModelTemplateRules): (record: unknown) => ApplyResult {
  const header = rules.header.map(compileRule);
  const lines = rules.lines.rules.map(compileRule);
  const linesPath = compilePath(rules.lines.sourcePath);
  const hasQuantityBase = lines.some((r) => r.target === 'quantityBase');

  return (record) => {
    let current = '';
    let where: RecordFailureParams = {};
    try {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return failed('record is not an object', 'NOT_AN_OBJECT');
      const h: Record<string, string | null> = {};
      const evaluateHeader = (r: CompiledRule, lines: CanonicalLine[] | null) => {
        current = `${r.target} (${r.describe})`;
        where = { field: r.target, source: r.describe };
        h[r.target] = evaluate(r, { scope: record, root: record, lines });
      };
      for (const r of header) if (!r.afterLines) evaluateHeader(r, null);
      const items = readPath(record, linesPath);
      if (!Array.isArray(items)) return failed(`lines: ${rules.lines.sourcePath} is not an array`, 'LINES_NOT_A_LIST', { path: rules.lines.sourcePath });
      const outLines: CanonicalLine[] = [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const l: Record<string, string | null> = {};
        for (const r of lines) {
          current = `line ${i + 1} ${r.target} (${r.describe})`;
          where = { line: i + 1, field: r.target, source: r.describe };
          l[r.target] = evaluate(r, { scope: item, root: record, lines: null });
        }
        if (!l.productCode) return failed(`line ${i + 1}: productCode is empty`, 'LINE_WITHOUT_PRODUCT', { line: i + 1 });
        const quantity = l.quantity ?? '0.0000';
        outLines.push({
          lineNo: i + 1,
          productCode: l.productCode,
          productName: l.productName ?? null,
          quantity,
          unit: l.unit ?? '',
          quantityBase: hasQuantityBase ? (l.quantityBase ?? quantity) : quantity,
          unitPrice: l.unitPrice ?? '0.00',
          discount: l.discount ?? '0.00',
          tax: l.tax ?? '0.00',
          amount: l.amount ?? '0.00',
        });
      }
      for (const r of header) if (r.afterLines) evaluateHeader(r, outLines);
      for (const required of ['sourceId', 'updatedAt', 'number', 'date'] as const) {
        if (!h[required]) return failed(`${required} is missing`, 'FIELD_MISSING', { field: required });
      }
      return {
        ok: true,
        document: {
          sourceId: h.sourceId!,
          sourceUpdatedAt: h.updatedAt!,
          number: h.number!,
          date: h.date!,
          partyCode: h.partyCode ?? null,
          partyName: h.partyName ?? null,
          salesmanCode: h.salesmanCode ?? null,
          currency: h.currency ?? 'IDR',
          subtotal: h.subtotal ?? '0.00',
          discount: h.discount ?? '0.00',
          tax: h.tax ?? '0.00',
          total: h.total ?? '0.00',
          status: h.status ?? null,
          lines: outLines,
        },
      };
    } catch (err) {
      // Whatever this record breaks quarantines this record only (docs/product/model-templates.md): the page goes on.
      const reason = `${current}: ${err instanceof Error ? err.message : String(err)}`;
      return err instanceof ValueError ? failed(reason, err.code, { ...err.params, ...where }) : failed(reason, 'UNKNOWN', where);
    }
  };
}

export function applyTemplate(rules: ModelTemplateRules, record: unknown): ApplyResult {
  return compileTemplate(rules)(record);
}
