/**
 * Request variants generated from the OpenAPI document (issue 15): for every
 * operation, every path and query parameter and every body field gets wrong
 * types, boundaries, malformed encodings, NUL bytes, huge values, unknown
 * fields and other tenants' ids. Deterministic: one seeded generator, so a
 * failure names a request that replays the same way.
 */

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

export interface Operation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, `/api/x/{id}`. */
  path: string;
  security: 'none' | 'session' | 'apiKey';
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  jsonBody?: JsonSchema;
  multipart: boolean;
}

export interface FuzzRequest {
  operationId: string;
  /** What was varied, for the failure report. */
  label: string;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Invalid for certain (a case issue 15 names): any answer but a 4xx is a finding. */
  mustRefuse?: boolean;
}

/** What the generator needs to know about the world: valid values and other tenants' ids. */
export interface FuzzContext {
  /** A valid value for a path or query parameter (`undefined`: derive one from its schema). */
  validParam(op: Operation, name: string): string | undefined;
  /** A valid body for operations whose body cannot be derived from the schema alone. */
  validBody(op: Operation): unknown;
  /** Ids that belong to another tenant. */
  foreignIds: string[];
}

export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = (op.security as Record<string, unknown>[]).map((s) => Object.keys(s)[0]);
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      out.push({
        operationId: op.operationId as string,
        method: method.toUpperCase() as Operation['method'],
        path,
        security: security.includes('apiKey') ? 'apiKey' : security.includes('session') ? 'session' : 'none',
        parameters: (op.parameters as Operation['parameters']) ?? [],
        ...(content?.['application/json'] ? { jsonBody: content['application/json'].schema } : {}),
        multipart: Boolean(content?.['multipart/form-data']),
      });
    }
  }
  return out;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** Values of item 1 of the issue: impossible dates, crafted cursors, lax integers. */
export const IMPOSSIBLE_DATES = ['2024-13-01', '9999-99-99', '0000-01-01', '2024-02-30', '2023-02-29', '2024-00-10', '2024-04-31'];
export const CRAFTED_CURSORS = [
  b64('2026-01-01T00:00:00.000Z|not-a-uuid'),
  b64(`-271821-04-19T00:00:00.000Z|${UUID}`),
  b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`),
  b64(`+275760-09-13T00:00:00.000Z|${UUID}`),
  b64(`1e400|${UUID}`),
  b64(`99999999999999999999999999.99|${UUID}`),
  b64(`2026-01-01T00:00:00.000Z|${UUID}|extra`),
  b64(`2026-01-01T00:00:00.000Z\u0000|${UUID}`),
  b64(`\u0000|\u0000`),
  b64('|'),
  '!!!not base64!!!',
];
export const LAX_INTEGERS = ['0x10', '1e1', ' 16', '16 ', '0b1', '0o7', '+16', '16.0', '1_0', 'Infinity', 'NaN', '-0'];

// Raw (already encoded) query values: each goes into the URL as written.
const RAW_STRINGS = [
  '',
  '%20',
  'abc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999999',
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%FF%FE',
  '%C0%AE%C0%AE',
  'true',
  'null',
  '%5B%5D',
  '__proto__',
  '$.constructor',
  encodeURIComponent("' or 1=1 --"),
  encodeURIComponent('%'),
  encodeURIComponent('\\'),
  'x'.repeat(5000),
  encodeURIComponent('𝕏'.repeat(60)),
];

/** A value that satisfies the schema, from its type, format, pattern and bounds. */
export function sampleOf(schema: JsonSchema, ids: () => string): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return sampleOf(choice.find((s) => s.type !== 'null') ?? choice[0]!, ids);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleOf(schema.properties?.[name] ?? {}, ids);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}, ids));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, ids);
    default:
      return 'fuzz';
  }
}

function sampleString(schema: JsonSchema, ids: () => string): string {
  if (schema.format === 'uuid') return ids();
  if (schema.format === 'date') return '2026-11-20';
  if (schema.format === 'date-time') return '2026-11-20T08:00:00Z';
  if (schema.format === 'email') return `fuzz.${Math.floor(Math.random() * 1e9).toString(36)}@test.local`;
  if (schema.pattern) {
    const re = new RegExp(schema.pattern);
    const found = ['10.00', '10', 'IDR', '2026-11-20', '$.id', '446-bebaspakaivalueapapun', 'a'.repeat(43)].find((c) => re.test(c));
    if (found) return found;
  }
  return 'fuzz-value'.padEnd(Math.max(schema.minLength ?? 1, 1), 'x').slice(0, schema.maxLength ?? 100);
}

/** Wrong values for one JSON field, chosen from its schema. */
function bodyValuesFor(schema: JsonSchema, foreignIds: string[]): unknown[] {
  const values: unknown[] = [null, 123, -1, 1.5, true, 'str', [], {}, '\u0000', 'a\u0000b', 'x'.repeat(100_000), '$.constructor', '$.__proto__.polluted'];
  if (schema.minLength !== undefined) values.push('x'.repeat(Math.max(0, schema.minLength - 1)));
  if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
  if (schema.minimum !== undefined) values.push(schema.minimum - 1, schema.minimum);
  if (schema.maximum !== undefined) values.push(schema.maximum, schema.maximum + 1);
  if (schema.type === 'integer' || schema.type === 'number') values.push(2 ** 53, -(2 ** 53), 1e308, '1', '0x10');
  if (schema.enum) values.push('NOT_AN_ENUM_VALUE', String(schema.enum[0]).toLowerCase());
  if (schema.format === 'uuid') values.push(...foreignIds, 'not-a-uuid', UUID.toUpperCase());
  if (schema.format === 'date' || schema.format === 'date-time') values.push(...IMPOSSIBLE_DATES, '2026-11-20T25:00:00Z', '+275760-09-13T00:00:00Z');
  if (schema.type === 'array') values.push(Array.from({ length: (schema.maxItems ?? 1000) + 1 }, () => null));
  return values;
}

type Segment = string | number;

/** Every field of a valid body (walking the first element of arrays), with its schema. */
function fieldsOf(schema: JsonSchema, value: unknown, at: Segment[] = [], out: { path: Segment[]; schema: JsonSchema }[] = []) {
  const resolved = schema.anyOf?.[0] ?? schema.oneOf?.find((s) => s.properties?.kind?.enum?.[0] === (value as { kind?: unknown })?.kind) ?? schema;
  if (at.length > 0) out.push({ path: at, schema: resolved });
  if (resolved.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, prop] of Object.entries(resolved.properties ?? {})) fieldsOf(prop, (value as Record<string, unknown>)[name], [...at, name], out);
  } else if (resolved.type === 'array' && Array.isArray(value) && value.length > 0) {
    fieldsOf(resolved.items ?? {}, value[0], [...at, 0], out);
  }
  return out;
}

function withField(body: unknown, path: Segment[], value: unknown | typeof DELETE): unknown {
  const copy = structuredClone(body) as Record<Segment, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) {
    if (cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = {};
    cur = cur[seg] as Record<Segment, unknown>;
  }
  const last = path.at(-1)!;
  if (value === DELETE) delete cur[last];
  else cur[last] = value;
  return copy;
}
const DELETE = Symbol('delete');

/**
 * The requests for one operation: a valid one, then one variation at a time
 * (a parameter, a body field, the whole body), at most `budget` of them
 * (a seeded sample when there are more).
 */
export function requestsFor(op: Operation, ctx: FuzzContext, random: () => number, budget: number): FuzzRequest[] {
  const foreign = () => ctx.foreignIds[Math.floor(random() * ctx.foreignIds.length)] ?? UUID;
  const valid = new Map<string, string>();
  for (const p of op.parameters) {
    const given = ctx.validParam(op, p.name);
    if (given !== undefined) valid.set(p.name, given);
    else if (p.required) valid.set(p.name, encodeURIComponent(String(sampleOf(p.schema, foreign))));
  }
  const body = op.jsonBody ? (ctx.validBody(op) ?? sampleOf(op.jsonBody, foreign)) : undefined;

  const build: Build = (label, params, extraQuery = '', payload, mustRefuse = false) => {
    let url = op.path;
    const query: string[] = [];
    for (const p of op.parameters) {
      const v = params.get(p.name);
      if (p.in === 'path') url = url.replace(`{${p.name}}`, v ?? '');
      else if (v !== undefined) query.push(`${p.name}=${v}`);
    }
    if (extraQuery) query.push(extraQuery);
    if (query.length) url += `?${query.join('&')}`;
    const headers: Record<string, string> = {};
    let sent: string | undefined;
    if (payload) {
      headers['content-type'] = payload.type ?? 'application/json';
      sent = payload.raw;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      sent = JSON.stringify(body);
    }
    return { operationId: op.operationId, label, method: op.method, url, headers, mustRefuse, ...(sent !== undefined ? { payload: sent } : {}) };
  };

  // The cases issue 15 names are always sent; the rest is a seeded sample within the budget.
  const always: FuzzRequest[] = [];
  const variants: FuzzRequest[] = [];
  for (const p of op.parameters) {
    const named = ['%00', 'a%00b', ...(p.in === 'path' ? ['%E0%A4%A', 'x'.repeat(101), ...ctx.foreignIds] : [])];
    const pool = [...RAW_STRINGS, ...ctx.foreignIds];
    // A query number may be documented as an integer or as one choice of several (digits or a typed number).
    const numeric = [p.schema, ...(p.schema.anyOf ?? [])].find((s) => s.type === 'integer' || s.type === 'number');
    if (numeric) {
      named.push(...LAX_INTEGERS.map(encodeURIComponent));
      if (numeric.minimum !== undefined) pool.push(String(numeric.minimum - 1), String(numeric.minimum));
      if (numeric.maximum !== undefined) pool.push(String(numeric.maximum), String(numeric.maximum + 1));
    }
    if (p.schema.pattern?.includes('\\d{4}') || p.schema.format === 'date') named.push(...IMPOSSIBLE_DATES);
    if (p.name === 'cursor') named.push(...CRAFTED_CURSORS.map(encodeURIComponent));
    if (p.schema.maxLength !== undefined) pool.push('x'.repeat(p.schema.maxLength), 'x'.repeat(p.schema.maxLength + 1));
    if (p.schema.enum) pool.push('NOT_AN_ENUM_VALUE', encodeURIComponent(String(p.schema.enum[0]).toLowerCase()));
    for (const [list, into] of [
      [named, always],
      [pool, variants],
    ] as const) {
      for (const v of list) into.push(build(`${p.in} ${p.name}=${v.slice(0, 60)}`, new Map(valid).set(p.name, v), '', undefined, into === always));
    }
    if (p.in === 'query') {
      const v = valid.get(p.name) ?? 'a';
      variants.push(build(`query ${p.name} twice`, valid, `${p.name}=${v}&${p.name}=${v}`));
      variants.push(build(`query ${p.name}[]`, valid, `${p.name}[]=${v}`));
      variants.push(build(`query ${p.name}[a]`, valid, `${p.name}[a]=${v}`));
    }
  }
  always.push(build('unknown query field', valid, 'zzUnknown=1'));
  variants.push(build('__proto__ query field', valid, '__proto__[x]=1'));

  if (op.jsonBody) {
    for (const f of fieldsOf(op.jsonBody, body)) {
      const name = f.path.join('.');
      const field = (v: unknown) => build(`body ${name}=${JSON.stringify(v)?.slice(0, 40)}`, valid, '', { raw: JSON.stringify(withField(body, f.path, v)) });
      const named: unknown[] = f.schema.type === 'string' ? ['\u0000', 'a\u0000b'] : [];
      if (f.schema.pattern?.startsWith('^\\$')) named.push('$.constructor', '$.__proto__', '$.a.prototype');
      if (f.schema.format === 'date' || f.schema.format === 'date-time') named.push(...IMPOSSIBLE_DATES);
      always.push(...named.map((v) => ({ ...field(v), mustRefuse: true })));
      variants.push(...bodyValuesFor(f.schema, ctx.foreignIds).map(field));
      variants.push(build(`body ${name} missing`, valid, '', { raw: JSON.stringify(withField(body, f.path, DELETE)) }));
      if (f.schema.type === 'object' && f.schema.additionalProperties === false) {
        always.push(build(`body ${name}.zzUnknown`, valid, '', { raw: JSON.stringify(withField(body, [...f.path, 'zzUnknown'], 1)) }, true));
      }
    }
  }
  // The whole body, for every operation (a body where none is expected must not hurt either).
  always.push(build('body null', valid, '', { raw: 'null' }, Boolean(op.jsonBody)));
  for (const raw of [
    '[]',
    '"text"',
    '1',
    'true',
    '{',
    '{"a":',
    '',
    '\u0000',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    'x'.repeat(20_000),
  ]) {
    variants.push(build(`body ${JSON.stringify(raw.slice(0, 30))}`, valid, '', { raw }));
  }
  variants.push(build('body as text/plain', valid, '', { raw: JSON.stringify(body ?? {}), type: 'text/plain' }));
  variants.push(build('body with a bad charset', valid, '', { raw: JSON.stringify(body ?? {}), type: 'application/json; charset=utf-7' }));

  if (op.multipart) always.push(...multipartVariants(build, valid));
  const picked = variants.length <= budget ? variants : sample(variants, budget, random);
  return [build('valid', valid), ...always, ...picked];
}

type Build = (label: string, params: Map<string, string>, extraQuery?: string, payload?: { raw: string; type?: string }, mustRefuse?: boolean) => FuzzRequest;

/** File uploads: broken multipart framing and files whose cells carry NUL bytes. */
function multipartVariants(build: Build, valid: Map<string, string>): FuzzRequest[] {
  const part = (boundary: string, filename: string, content: string, close = true) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n${close ? `--${boundary}--\r\n` : ''}`;
  const csv = 'type,source_id,number,date,product_code,qty,unit,price,amount\nSALES_ORDER,F1,SO\u00001,20/11/2026,P\u00001,1,PCS,100,100\n';
  return [
    build('multipart without a boundary', valid, '', { raw: part('b', 'a.csv', csv), type: 'multipart/form-data' }, true),
    build('multipart without its closing boundary', valid, '', { raw: part('b', 'a.csv', csv, false), type: 'multipart/form-data; boundary=b' }, true),
    build('multipart, empty', valid, '', { raw: '', type: 'multipart/form-data; boundary=b' }, true),
    build('multipart, only the boundary', valid, '', { raw: '--b--\r\n', type: 'multipart/form-data; boundary=b' }, true),
    // Answered 200 with an error per row (the file itself is fine).
    build('multipart, CSV with NUL cells', valid, '', { raw: part('b', 'a.csv', csv), type: 'multipart/form-data; boundary=b' }),
    build('multipart, NUL in the filename', valid, '', { raw: part('b', 'a\u0000.csv', csv), type: 'multipart/form-data; boundary=b' }),
    build('multipart, a broken XLSX', valid, '', { raw: part('b', 'a.xlsx', 'PK\u0003\u0004garbage'), type: 'multipart/form-data; boundary=b' }, true),
  ];
}

function sample<T>(items: T[], n: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}
