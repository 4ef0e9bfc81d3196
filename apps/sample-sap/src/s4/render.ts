import { type EdmProperty, type EntitySetDef, keysOf } from './edm';
import type { Row } from './family';
import { edmTime } from './seed';

// OData V2 JSON as SAP Gateway writes it: `/Date(ms)/` for Edm.DateTime,
// `/Date(ms+0000)/` for Edm.DateTimeOffset (without the offset on a tenant
// whose release omits it), decimals and Edm.Time as strings, `__metadata`
// per entry and `__deferred` for navigations not expanded.

export interface RenderContext {
  /** `http://host/sap/opu/odata/sap/<SERVICE>` */
  serviceUrl: string;
  namespace: string;
  /** Whether DateTimeOffset values carry `+0000`. */
  dateTimeOffsetWithOffset: boolean;
}

function renderValue(p: EdmProperty, raw: Row[string] | undefined, rc: RenderContext): unknown {
  if (raw === undefined || raw === null) return null;
  switch (p.type) {
    case 'Edm.DateTime':
      return `/Date(${raw as number})/`;
    case 'Edm.DateTimeOffset':
      return `/Date(${raw as number}${rc.dateTimeOffsetWithOffset ? '+0000' : ''})/`;
    case 'Edm.Time':
      return edmTime(raw as number);
    default:
      return raw;
  }
}

/** `('5000000001')` or `(SupplierInvoice='5105600001',FiscalYear='2026')`. */
function keyPredicate(def: EntitySetDef, row: Row): string {
  const quote = (v: Row[string] | undefined) => `'${encodeURIComponent(String(v ?? '').replace(/'/g, "''"))}'`;
  const keys = keysOf(def);
  if (keys.length === 1) return `(${quote(row[keys[0]!.name])})`;
  return `(${keys.map((k) => `${k.name}=${quote(row[k.name])}`).join(',')})`;
}

/** SAP's weak ETag from LastChangeDateTime: W/"datetimeoffset'2026-01-05T01%3A00%3A00.0000000Z'". */
function etag(row: Row): string | undefined {
  const t = row.LastChangeDateTime;
  if (typeof t !== 'number') return undefined;
  const iso = new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
  return `W/"datetimeoffset'${iso.replace(/:/g, '%3A')}'"`;
}

export interface Selection {
  /** Selected properties, or null for all. */
  properties: Set<string> | null;
  /** Navigations to write, expanded (with their own selection) or deferred. */
  navigations: Map<string, { expanded: { def: EntitySetDef; rows: Row[]; selection: Selection } | null }>;
}

export function entityJson(def: EntitySetDef, row: Row, rc: RenderContext, selection: Selection): Record<string, unknown> {
  const uri = `${rc.serviceUrl}/${def.set}${keyPredicate(def, row)}`;
  const tag = def.properties.some((p) => p.name === 'LastChangeDateTime') ? etag(row) : undefined;
  const out: Record<string, unknown> = {
    __metadata: { id: uri, uri, type: `${rc.namespace}.${def.typeName}`, ...(tag ? { etag: tag } : {}) },
  };
  for (const p of def.properties) {
    if (!selection.properties || selection.properties.has(p.name)) out[p.name] = renderValue(p, row[p.name], rc);
  }
  for (const [name, nav] of selection.navigations) {
    out[name] = nav.expanded
      ? { results: nav.expanded.rows.map((r) => entityJson(nav.expanded!.def, r, rc, nav.expanded!.selection)) }
      : { __deferred: { uri: `${uri}/${name}` } };
  }
  return out;
}

/** JSON text with SAP's escaped slashes in dates: "\/Date(…)\/". */
export function odataJson(body: unknown): string {
  return JSON.stringify(body).replace(/"\/Date\((-?\d+(?:[+-]\d{4})?)\)\/"/g, '"\\/Date($1)\\/"');
}
