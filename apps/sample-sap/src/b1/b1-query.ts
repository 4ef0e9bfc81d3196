// The Service Layer's query options on a document collection: $filter (eq ne
// gt ge lt le, and/or, parentheses; 'string' literals, numbers), $orderby,
// $select, $top, $skip. Dates and times are strings ('2026-11-30',
// '14:05:09'), so they compare as text, as the Service Layer compares them.

type Scalar = string | number | null;
// Documents are plain objects read by property name.
type Row = object;
export type Predicate = (row: Row) => boolean;
const field = (row: Row, name: string): unknown => (row as Record<string, unknown>)[name];

/** A query option the Service Layer would refuse (answered 400 with its error body). */
export class B1QueryError extends Error {}

const OPERATORS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === "'") {
      // A quote inside a literal is written twice: 'Toko O''Brien'.
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new B1QueryError(`Unterminated string literal in $filter: ${text}`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push(`'${value}`);
      i = j + 1;
    } else {
      const m = /^[^\s()']+/.exec(text.slice(i))!;
      tokens.push(m[0]);
      i += m[0].length;
    }
  }
  return tokens;
}

function literal(token: string | undefined): Scalar {
  if (token === undefined) throw new B1QueryError('A comparison needs a value');
  if (token.startsWith("'")) return token.slice(1);
  if (token === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new B1QueryError(`Invalid literal ${token} in $filter`);
}

function compare(left: unknown, op: string, right: Scalar): boolean {
  if (op === 'eq') return left === right;
  if (op === 'ne') return left !== right;
  if (left === null || left === undefined || right === null) return false;
  if (typeof left !== typeof right) throw new B1QueryError(`Operator '${op}' incompatible with operand types ${typeof left} and ${typeof right}`);
  const l = left as string | number;
  if (op === 'gt') return l > right;
  if (op === 'ge') return l >= right;
  if (op === 'lt') return l < right;
  return l <= right;
}

/** Parses a $filter over the given property names into a predicate. */
export function parseFilter(text: string, properties: ReadonlySet<string>): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const comparison = (): Predicate => {
    if (peek() === '(') {
      take();
      const inner = or();
      if (take() !== ')') throw new B1QueryError(`Missing ')' in $filter: ${text}`);
      return inner;
    }
    const property = take();
    if (!property || !properties.has(property)) throw new B1QueryError(`Property '${property ?? ''}' of 'Document' is invalid`);
    const op = take();
    if (!op || !OPERATORS.has(op)) throw new B1QueryError(`Unknown operator '${op ?? ''}' in $filter`);
    const value = literal(take());
    return (row) => compare(field(row, property), op, value);
  };
  const and = (): Predicate => {
    const parts = [comparison()];
    while (peek() === 'and') {
      take();
      parts.push(comparison());
    }
    return (row) => parts.every((p) => p(row));
  };
  const or = (): Predicate => {
    const parts = [and()];
    while (peek() === 'or') {
      take();
      parts.push(and());
    }
    return (row) => parts.some((p) => p(row));
  };

  const predicate = or();
  if (pos !== tokens.length) throw new B1QueryError(`Unexpected '${tokens[pos]}' in $filter`);
  return predicate;
}

/** `UpdateDate,UpdateTime desc,DocEntry` as a comparator. */
export function parseOrderBy(text: string, properties: ReadonlySet<string>): (a: Row, b: Row) => number {
  const keys = text.split(',').map((part) => {
    const [name, direction = 'asc', ...rest] = part.trim().split(/\s+/);
    if (!name || !properties.has(name) || rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) throw new B1QueryError(`Invalid $orderby: ${text}`);
    return { name, sign: direction === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const x = field(a, name) as Scalar;
      const y = field(b, name) as Scalar;
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return x < y ? -sign : sign;
    }
    return 0;
  };
}

export function parseSelect(text: string, properties: ReadonlySet<string>): string[] {
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !properties.has(n));
  if (unknown !== undefined) throw new B1QueryError(`Property '${unknown}' of 'Document' is invalid`);
  return names;
}

export function parseCount(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new B1QueryError(`Invalid value of ${option}: ${text}`);
  return Number(text);
}
