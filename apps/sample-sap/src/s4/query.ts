import { type EdmNavigation, type EdmProperty, type EntitySetDef, keysOf } from './edm';
import type { Family, GeneratedDoc, Row } from './family';
import { comparable, compareValues, type FilterNode, lowerBound, matches, ODataQueryError, parseFilter } from './filter';
import type { S4Dataset } from './dataset';

// Query options and server-driven paging. Rows are read in key order or in
// (LastChangeDateTime, key) order straight from the generator, starting at
// the first row that can match; any other $orderby sorts the matching rows'
// sort keys. A page resumes after the last row served (the opaque
// $skiptoken carries its sort key), so following __next neither repeats
// nor skips a row while the data stays unchanged.

type Value = string | number | boolean | null;

interface OrderBy {
  prop: EdmProperty;
  desc: boolean;
}

export interface QueryOptions {
  filter: FilterNode | null;
  /** $select entries as given ("SalesOrder", "to_Item", "to_Item/Material"), or null for all. */
  select: string[] | null;
  expand: EdmNavigation[];
  orderby: OrderBy[];
  top: number | null;
  skip: number;
  skiptoken: SkipToken | null;
  inlinecount: boolean;
}

export interface SkipToken {
  /** The sort key of the last row served. */
  after: Value[];
  /** Rows served so far (for `$top` across pages). */
  served: number;
}

export const encodeSkipToken = (t: SkipToken) => Buffer.from(JSON.stringify([t.after, t.served])).toString('base64url');

function decodeSkipToken(s: string): SkipToken {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && Array.isArray(v[0]) && typeof v[1] === 'number') return { after: v[0] as Value[], served: v[1] };
  } catch {
    // fall through to the refusal
  }
  throw new ODataQueryError(`Invalid skiptoken '${s}'`);
}

const nonNegative = (name: string, v: string) => {
  if (!/^\d+$/.test(v)) throw new ODataQueryError(`Invalid value '${v}' for system query option ${name}`);
  return Number(v);
};

export function parseOptions(query: Record<string, string>, def: EntitySetDef, targetDef: (set: string) => EntitySetDef): QueryOptions {
  const prop = (name: string, what: string) => {
    const p = def.properties.find((x) => x.name === name);
    if (!p) throw new ODataQueryError(`Property ${name} not found in type ${def.typeName} (${what})`);
    return p;
  };
  const expand = (query.$expand ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      if (name.includes('/')) throw new ODataQueryError(`Expand of '${name}': only one level of navigation is supported`);
      const nav = def.navigations.find((n) => n.name === name);
      if (!nav) throw new ODataQueryError(`Property ${name} not found in type ${def.typeName} ($expand)`);
      return nav;
    });
  const select = query.$select
    ? query.$select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  for (const entry of select ?? []) {
    if (entry === '*') continue;
    const [head, sub] = entry.split('/');
    const nav = def.navigations.find((n) => n.name === head);
    if (nav) {
      if (sub && sub !== '*' && !targetDef(nav.target).properties.some((p) => p.name === sub)) {
        throw new ODataQueryError(`Property ${sub} not found in type ${targetDef(nav.target).typeName} ($select)`);
      }
    } else if (sub !== undefined) {
      throw new ODataQueryError(`Property ${head} not found in type ${def.typeName} ($select)`);
    } else {
      prop(entry, '$select');
    }
  }
  const orderby = (query.$orderby ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, dir, extra] = entry.split(/\s+/);
      if (extra !== undefined || (dir !== undefined && dir !== 'asc' && dir !== 'desc')) throw new ODataQueryError(`Invalid $orderby '${entry}'`);
      return { prop: prop(name!, '$orderby'), desc: dir === 'desc' };
    });
  const inlinecount = query.$inlinecount;
  if (inlinecount !== undefined && inlinecount !== 'allpages' && inlinecount !== 'none') {
    throw new ODataQueryError(`Invalid value '${inlinecount}' for system query option $inlinecount`);
  }
  return {
    filter: query.$filter !== undefined ? parseFilter(query.$filter, def) : null,
    select,
    expand,
    orderby,
    top: query.$top !== undefined ? nonNegative('$top', query.$top) : null,
    skip: query.$skip !== undefined ? nonNegative('$skip', query.$skip) : 0,
    skiptoken: query.$skiptoken !== undefined ? decodeSkipToken(query.$skiptoken) : null,
    inlinecount: inlinecount === 'allpages',
  };
}

/** A row of the set: the header of document i, or its c-th child in the set. */
export interface Ref {
  i: number;
  c: number;
}

/** Reads one entity set of one tenant; keeps the last generated document, since child rows come in runs. */
export class SetReader {
  private last: { i: number; doc: GeneratedDoc } | null = null;

  constructor(
    private readonly data: S4Dataset,
    private readonly client: string,
    readonly family: Family,
    readonly def: EntitySetDef,
    readonly isHeader: boolean,
  ) {}

  doc(i: number): GeneratedDoc {
    if (this.last?.i !== i) this.last = { i, doc: this.data.doc(this.client, this.family, i) };
    return this.last.doc;
  }

  row(ref: Ref): Row {
    const d = this.doc(ref.i);
    return ref.c < 0 ? d.header : d.children[this.def.set]![ref.c]!;
  }

  private get count() {
    return this.family.count(this.data.ctx(this.client));
  }

  /**
   * Rows in key order from header `from`. With a lower bound on
   * LastChangeDateTime, untouched headers before the first base document that
   * changed at or after it are skipped without being generated (base times
   * grow with the key); touched ones are all newer, so they stay.
   */
  *keyOrder(from = 0, changedSince: number | null = null): Generator<Ref> {
    if (changedSince !== null && this.isHeader && this.family.changeTime) {
      const first = Math.max(from, this.firstChangedAt(changedSince));
      for (const i of this.data.touched(this.client, this.family).sort((a, b) => a - b)) if (i >= from && i < first) yield { i, c: -1 };
      from = first;
    }
    for (let i = from; i < this.count; i++) {
      if (this.isHeader) yield { i, c: -1 };
      else {
        const n = this.doc(i).children[this.def.set]!.length;
        for (let c = 0; c < n; c++) yield { i, c };
      }
    }
  }

  /** The first index whose base LastChangeDateTime is at or after `t` (base times never decrease). */
  private firstChangedAt(t: number): number {
    const ctx = this.data.ctx(this.client);
    const time = this.family.changeTime!;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time(ctx, mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Headers in (LastChangeDateTime, key) order from the first that changed at or after `from`. */
  *timeOrder(from: number): Generator<Ref> {
    for (let i = this.firstChangedAt(from); i < this.count; i++) if (!this.data.isTouched(this.client, this.family, i)) yield { i, c: -1 };
    for (const i of this.data.touched(this.client, this.family)) {
      if (this.data.changeOf(this.client, this.family, i)!.time >= from) yield { i, c: -1 };
    }
  }

  /** The header index a key-ordered read resumes at. */
  indexOfKey(values: Value[]): number {
    const headerKeys = keysOf(this.family.header);
    const k = Object.fromEntries(headerKeys.map((p, n) => [p.name, String(values[n] ?? '')]));
    return this.family.indexOf(this.data.ctx(this.client), k) ?? 0;
  }
}

interface Page {
  refs: Ref[];
  next: SkipToken | null;
}

export function readPage(reader: SetReader, o: QueryOptions, pageSize: { default: number; max: number }): Page {
  const keys = keysOf(reader.def);
  const sortProps = [...o.orderby, ...keys.filter((k) => !o.orderby.some((x) => x.prop.name === k.name)).map((prop) => ({ prop, desc: false }))];
  const tupleOf = (row: Row): Value[] => sortProps.map((s) => comparable(s.prop, row[s.prop.name]));
  const cmp = (a: Value[], b: Value[]) => {
    for (let n = 0; n < sortProps.length; n++) {
      const c = compareValues(a[n] ?? null, b[n] ?? null);
      if (c) return sortProps[n]!.desc ? -c : c;
    }
    return 0;
  };
  const ascKeysFrom = (start: number) => o.orderby.slice(start).every((x, n) => !x.desc && x.prop.name === keys[n]?.name);
  const after = o.skiptoken?.after ?? null;

  let source: Iterable<Ref>;
  const changedSince = lowerBound(o.filter, 'LastChangeDateTime');
  if (ascKeysFrom(0)) {
    source = reader.keyOrder(after ? reader.indexOfKey(after) : 0, changedSince);
  } else if (reader.isHeader && reader.family.changeTime && o.orderby[0]?.prop.name === 'LastChangeDateTime' && !o.orderby[0].desc && ascKeysFrom(1)) {
    const bounds = [changedSince, typeof after?.[0] === 'number' ? after[0] : null].filter((v): v is number => v !== null);
    source = reader.timeOrder(bounds.length ? Math.max(...bounds) : Number.NEGATIVE_INFINITY);
  } else {
    // Any other order: sort the sort keys of every matching row, then read the page's rows again.
    const all: { ref: Ref; t: Value[] }[] = [];
    for (const ref of reader.keyOrder()) {
      const row = reader.row(ref);
      if (!o.filter || matches(o.filter, row)) all.push({ ref, t: tupleOf(row) });
    }
    all.sort((a, b) => cmp(a.t, b.t));
    source = all.map((e) => e.ref);
  }

  const served = o.skiptoken?.served ?? 0;
  const remaining = o.top === null ? null : Math.max(0, o.top - served);
  const limit = remaining === null ? pageSize.default : Math.min(remaining, pageSize.max);
  let skip = o.skiptoken ? 0 : o.skip;
  const refs: Ref[] = [];
  let last: Value[] | null = null;
  let more = false;
  for (const ref of source) {
    const row = reader.row(ref);
    if (o.filter && !matches(o.filter, row)) continue;
    const t = tupleOf(row);
    if (after && cmp(t, after) <= 0) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (refs.length === limit) {
      more = true;
      break;
    }
    refs.push(ref);
    last = t;
  }
  const morePages = more && (remaining === null || remaining > refs.length);
  return { refs, next: morePages && last ? { after: last, served: served + refs.length } : null };
}

export function countRows(reader: SetReader, filter: FilterNode | null): number {
  let n = 0;
  for (const ref of reader.keyOrder()) if (!filter || matches(filter, reader.row(ref))) n++;
  return n;
}
