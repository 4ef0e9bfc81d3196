import type { EdmProperty, EntitySetDef } from './edm';
import type { Row } from './family';
import { DAY_MS } from './seed';

// OData V2 `$filter` as SAP Gateway takes it: eq ne gt ge lt le, and/or/not,
// parentheses, substringof/startswith/endswith, and typed literals checked
// against the property's Edm type (a DateTimeOffset compared with a
// `datetime'…'` literal is refused, as Gateway refuses it).

export class ODataQueryError extends Error {}

type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type Value = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'cmp'; op: Op; prop: EdmProperty; value: Value }
  | { kind: 'fn'; name: 'substringof' | 'startswith' | 'endswith'; prop: EdmProperty; value: string; negate: boolean };

interface Token {
  kind: 'ident' | 'string' | 'typed' | 'number' | 'punct';
  text: string;
  /** For typed literals, the prefix (datetime, datetimeoffset, time, guid). */
  prefix?: string;
  pos: number;
}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const literal = (start: number): { text: string; end: number } => {
    let text = '';
    let j = start + 1;
    for (;;) {
      if (j >= input.length) throw new ODataQueryError(`Invalid token detected at position ${start + 1}`);
      if (input[j] === "'") {
        if (input[j + 1] === "'") {
          text += "'";
          j += 2;
          continue;
        }
        return { text, end: j + 1 };
      }
      text += input[j];
      j++;
    }
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === ' ') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ kind: 'punct', text: ch, pos: i });
      i++;
    } else if (ch === "'") {
      const { text, end } = literal(i);
      out.push({ kind: 'string', text, pos: i });
      i = end;
    } else if (/[-0-9]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[MmDdFfLl]?/.exec(input.slice(i));
      if (!m) throw new ODataQueryError(`Invalid token detected at position ${i + 1}`);
      out.push({ kind: 'number', text: m[0].replace(/[MmDdFfLl]$/, ''), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(input.slice(i))!;
      if (input[i + m[0].length] === "'") {
        const { text, end } = literal(i + m[0].length);
        out.push({ kind: 'typed', prefix: m[0].toLowerCase(), text, pos: i });
        i = end;
      } else {
        out.push({ kind: 'ident', text: m[0], pos: i });
        i += m[0].length;
      }
    } else {
      throw new ODataQueryError(`Invalid token detected at position ${i + 1}`);
    }
  }
  return out;
}

const DATETIMEOFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|[+-]\d{2}:\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/;
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** A literal for a property of this type, or a refusal naming the operator as Gateway does. */
function literalFor(prop: EdmProperty, tok: Token, op: string): Value {
  const refuse = () => new ODataQueryError(`Invalid parametertype used at function '${op}' (Position: ${tok.pos + 1})`);
  if (tok.kind === 'ident' && tok.text === 'null') return null;
  switch (prop.type) {
    case 'Edm.String':
      if (tok.kind !== 'string') throw refuse();
      return tok.text;
    case 'Edm.Boolean':
      if (tok.kind !== 'ident' || (tok.text !== 'true' && tok.text !== 'false')) throw refuse();
      return tok.text === 'true';
    case 'Edm.Decimal':
      if (tok.kind !== 'number') throw refuse();
      return Number(tok.text);
    case 'Edm.DateTimeOffset': {
      if (tok.kind !== 'typed' || tok.prefix !== 'datetimeoffset') throw refuse();
      const m = DATETIMEOFFSET.exec(tok.text);
      const ms = m ? Date.parse(`${m[1]!.replace(/(\.\d{3})\d+$/, '$1')}${m[2]}`) : NaN;
      if (Number.isNaN(ms)) throw new ODataQueryError(`Invalid literal datetimeoffset'${tok.text}' (Position: ${tok.pos + 1})`);
      return ms;
    }
    case 'Edm.DateTime': {
      if (tok.kind !== 'typed' || tok.prefix !== 'datetime') throw refuse();
      const ms = DATETIME.test(tok.text) ? Date.parse(`${tok.text.replace(/(\.\d{3})\d+$/, '$1')}Z`) : NaN;
      if (Number.isNaN(ms)) throw new ODataQueryError(`Invalid literal datetime'${tok.text}' (Position: ${tok.pos + 1})`);
      return ms;
    }
    case 'Edm.Time': {
      const m = tok.kind === 'typed' && tok.prefix === 'time' ? DURATION.exec(tok.text) : null;
      if (!m) throw refuse();
      return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
    }
  }
}

export function parseFilter(input: string, def: EntitySetDef): FilterNode {
  const tokens = tokenize(input);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const t = tokens[at++];
    if (!t) throw new ODataQueryError('Invalid filter expression: unexpected end');
    return t;
  };
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) throw new ODataQueryError(`Invalid token detected at position ${t.pos + 1}`);
  };
  const propertyOf = (t: Token): EdmProperty => {
    if (t.kind !== 'ident') throw new ODataQueryError(`Invalid token detected at position ${t.pos + 1}`);
    const prop = def.properties.find((p) => p.name === t.text);
    if (!prop) throw new ODataQueryError(`Property ${t.text} not found in type ${def.typeName}`);
    if (prop.filterable === false) throw new ODataQueryError(`Property ${t.text} of type ${def.typeName} is not filterable`);
    return prop;
  };

  const primary = (): FilterNode => {
    const t = next();
    if (t.text === '(' && t.kind === 'punct') {
      const e = or();
      expect(')');
      return e;
    }
    if (t.kind === 'ident' && (t.text === 'substringof' || t.text === 'startswith' || t.text === 'endswith')) {
      expect('(');
      const a = next();
      expect(',');
      const b = next();
      expect(')');
      const [propTok, litTok] = t.text === 'substringof' ? [b, a] : [a, b];
      const prop = propertyOf(propTok);
      if (prop.type !== 'Edm.String' || litTok.kind !== 'string')
        throw new ODataQueryError(`Invalid parametertype used at function '${t.text}' (Position: ${t.pos + 1})`);
      let negate = false;
      // `substringof('x',Name) eq true` is the V2 idiom; a bare call means the same.
      const after = peek();
      if (after?.kind === 'ident' && (after.text === 'eq' || after.text === 'ne')) {
        next();
        const b2 = next();
        if (b2.kind !== 'ident' || (b2.text !== 'true' && b2.text !== 'false')) throw new ODataQueryError(`Invalid token detected at position ${b2.pos + 1}`);
        negate = (after.text === 'eq') !== (b2.text === 'true');
      }
      return { kind: 'fn', name: t.text, prop, value: litTok.text, negate };
    }
    const prop = propertyOf(t);
    const opTok = next();
    if (opTok.kind !== 'ident' || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(opTok.text)) {
      throw new ODataQueryError(`Invalid token detected at position ${opTok.pos + 1}`);
    }
    const op = opTok.text as Op;
    const value = literalFor(prop, next(), op);
    if (value === null && op !== 'eq' && op !== 'ne') throw new ODataQueryError(`Invalid parametertype used at function '${op}' (Position: ${opTok.pos + 1})`);
    return { kind: 'cmp', op, prop, value };
  };
  const unary = (): FilterNode => {
    const t = peek();
    if (t?.kind === 'ident' && t.text === 'not') {
      next();
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };
  const and = (): FilterNode => {
    let left = unary();
    while (peek()?.kind === 'ident' && peek()!.text === 'and') {
      next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  function or(): FilterNode {
    let left = and();
    while (peek()?.kind === 'ident' && peek()!.text === 'or') {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  const tree = or();
  const rest = peek();
  if (rest) throw new ODataQueryError(`Invalid token detected at position ${rest.pos + 1}`);
  return tree;
}

/** A raw value as the filter compares it (decimals as numbers, times as ms of the day). */
export function comparable(prop: EdmProperty, raw: Row[string] | undefined): Value {
  if (raw === undefined || raw === null) return null;
  if (prop.type === 'Edm.Decimal') return Number(raw);
  if (prop.type === 'Edm.Time') return (raw as number) % DAY_MS;
  return raw;
}

/** Strings compare as SAP compares NUMC keys when both are digits ("20" < "100"), else by code unit. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') {
    if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

export function matches(node: FilterNode, row: Row): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, row) && matches(node.right, row);
    case 'or':
      return matches(node.left, row) || matches(node.right, row);
    case 'not':
      return !matches(node.operand, row);
    case 'fn': {
      const v = String(row[node.prop.name] ?? '');
      const hit = node.name === 'substringof' ? v.includes(node.value) : node.name === 'startswith' ? v.startsWith(node.value) : v.endsWith(node.value);
      return hit !== node.negate;
    }
    case 'cmp': {
      const v = comparable(node.prop, row[node.prop.name]);
      if (node.value === null || v === null) {
        const same = v === node.value;
        return node.op === 'eq' ? same : node.op === 'ne' ? !same : false;
      }
      const c = compareValues(v, node.value);
      switch (node.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        case 'le':
          return c <= 0;
      }
    }
  }
}

/** The smallest value a `prop ge|gt …` conjunct allows, so a time-ordered scan can start there. */
export function lowerBound(node: FilterNode | null, prop: string): number | null {
  if (!node) return null;
  if (node.kind === 'and') {
    const a = lowerBound(node.left, prop);
    const b = lowerBound(node.right, prop);
    return a === null ? b : b === null ? a : Math.max(a, b);
  }
  if (node.kind === 'cmp' && node.prop.name === prop && typeof node.value === 'number' && (node.op === 'ge' || node.op === 'gt' || node.op === 'eq')) {
    return node.value;
  }
  return null;
}
