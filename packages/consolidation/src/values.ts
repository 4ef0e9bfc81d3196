import type { DateFormat, RecordFailureCode, RecordFailureParams } from '@portal/contracts';
import Big from 'big.js';

// Exact decimal parsing: strings in, strings out; never a JS float.
const ID_ID = /^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/;
const PLAIN = /^-?\d+(\.\d+)?$/;

/** A value a template cannot use: the English message for support, a code and params the SPA translates. */
export class ValueError extends Error {
  constructor(
    message: string,
    readonly code: RecordFailureCode,
    readonly params: RecordFailureParams = {},
  ) {
    super(message);
  }
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

export function parseDecimal(value: unknown, format: 'id-ID' | 'plain'): Big {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValueError(`${value} is not a number`, 'NOT_A_NUMBER', { value: shown(value) });
    return new Big(value);
  }
  if (typeof value !== 'string') throw new ValueError(`${JSON.stringify(value)} is not a number`, 'NOT_A_NUMBER', { value: shown(value) });
  const s = value.trim();
  if (format === 'id-ID') {
    if (!ID_ID.test(s)) throw new ValueError(`"${value}" is not an Indonesian number (1.234.567,89)`, 'NOT_AN_INDONESIAN_NUMBER', { value });
    return new Big(s.replace(/\./g, '').replace(',', '.'));
  }
  if (!PLAIN.test(s)) throw new ValueError(`"${value}" is not a plain number (1234567.89)`, 'NOT_A_PLAIN_NUMBER', { value });
  return new Big(s);
}

export function parseInteger(value: unknown): Big {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^-?\d+$/.test(s)) throw new ValueError(`${JSON.stringify(value)} is not an integer`, 'NOT_AN_INTEGER', { value: shown(value) });
  return new Big(s);
}

interface DateLayout {
  re: RegExp;
  order: ['d' | 'm' | 'y', 'd' | 'm' | 'y', 'd' | 'm' | 'y'];
}

const DATE_LAYOUTS: Record<DateFormat, DateLayout> = {
  'dd/MM/yyyy': { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'd/M/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'dd-MM-yyyy': { re: /^(\d{2})-(\d{2})-(\d{4})$/, order: ['d', 'm', 'y'] },
  'dd.MM.yyyy': { re: /^(\d{2})\.(\d{2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/dd/yyyy': { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
  'yyyy-MM-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: ['y', 'm', 'd'] },
  yyyyMMdd: { re: /^(\d{4})(\d{2})(\d{2})$/, order: ['y', 'm', 'd'] },
};

/** A calendar date in the given layout → `yyyy-MM-dd`; 31/02 is refused. */
export function parseDate(value: unknown, format: DateFormat): string {
  // Layouts also come from stored template JSON: refuse one the type does not know rather than crash.
  const layout: DateLayout | undefined = DATE_LAYOUTS[format];
  if (!layout) throw new ValueError(`unsupported date format ${format}`, 'UNSUPPORTED_DATE_FORMAT', { format });
  const m = typeof value === 'string' ? layout.re.exec(value.trim()) : null;
  if (!m) throw new ValueError(`${JSON.stringify(value)} is not a ${format} date`, 'NOT_A_DATE', { value: shown(value), format });
  const parts: Record<string, number> = {};
  layout.order.forEach((k, i) => (parts[k] = Number(m[i + 1])));
  const y = parts.y!;
  const mo = parts.m!;
  const d = parts.d!;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
    throw new ValueError(`${JSON.stringify(value)} is not a valid ${format} date`, 'NOT_A_DATE', { value: shown(value), format });
  }
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO-8601 with offset → normalised UTC ISO string; with `assumeUtc`, one without an offset is read as UTC. */
export function parseDateTime(value: unknown, assumeUtc = false): string {
  const m = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim()) : null;
  if (m && !m[7] && !assumeUtc)
    throw new ValueError(`${JSON.stringify(value)} is not an ISO-8601 date-time with offset`, 'NOT_A_DATETIME', { value: shown(value) });
  if (!m) throw new ValueError(`${JSON.stringify(value)} is not an ISO-8601 date-time with offset`, 'NOT_A_DATETIME', { value: shown(value) });
  // Date.parse rolls 2024-02-31 over into March; check the calendar and clock first.
  try {
    parseDate(m[1], 'yyyy-MM-dd');
  } catch {
    throw new ValueError(`${JSON.stringify(value)} is not a valid date-time`, 'NOT_A_DATETIME', { value: shown(value) });
  }
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[5] ?? 0) > 59)
    throw new ValueError(`${JSON.stringify(value)} is not a valid date-time`, 'NOT_A_DATETIME', { value: shown(value) });
  const t = Date.parse(m[7] ? m[0] : `${m[0]}Z`);
  if (Number.isNaN(t)) throw new ValueError(`${JSON.stringify(value)} is not a valid date-time`, 'NOT_A_DATETIME', { value: shown(value) });
  return new Date(t).toISOString();
}

// OData V2 JSON dates: `/Date(ms)/`, `/Date(ms+0000)/`, `/Date(ms-0300)/`; the offset (minutes) only
// says which local time the instant was written in, the ms are UTC already (MS-ODATA VJsonDateTime).
const ODATA_DATE = /^\/Date\((-?\d{1,15})(?:([+-])(\d{4}))?\)\/$/;

/** An OData V2 `/Date(…)/` as `yyyy-MM-dd` (the UTC calendar day SAP writes date fields at) or a UTC ISO instant. */
export function parseODataDate(value: unknown, as: 'date' | 'datetime'): string {
  const m = typeof value === 'string' ? ODATA_DATE.exec(value.trim()) : null;
  const d = m ? new Date(Number(m[1])) : null;
  if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999)
    throw new ValueError(`${JSON.stringify(value)} is not an OData /Date(ms)/ value`, 'NOT_A_DATETIME', { value: shown(value) });
  const iso = d.toISOString();
  return as === 'date' ? iso.slice(0, 10) : iso;
}
