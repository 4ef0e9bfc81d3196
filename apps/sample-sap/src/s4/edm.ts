// The property tables every S/4HANA service is described by. One table per
// entity type drives both its `$metadata` (metadata.ts) and how its values
// are written in JSON (render.ts), so the two can never disagree.

type EdmType = 'Edm.String' | 'Edm.DateTime' | 'Edm.DateTimeOffset' | 'Edm.Decimal' | 'Edm.Boolean' | 'Edm.Time';

/** A release of the sample S/4HANA: tenant 200 runs an older one than 100. */
export type Release = 'current' | 'previous';

export interface EdmProperty {
  name: string;
  type: EdmType;
  key?: boolean;
  maxLength?: number;
  precision?: number;
  scale?: number;
  /** Absent on purpose for a few properties, as in SAP's own EDMX. */
  label?: string;
  quickinfo?: string;
  /** The currency or unit property this amount or quantity is measured in. */
  unit?: string;
  semantics?: 'currency-code' | 'unit-of-measure';
  displayFormat?: 'Date' | 'UpperCase' | 'NonNegative';
  filterable?: false;
  concurrency?: true;
  /** Introduced by the current release: the previous one has neither the property nor its values. */
  since?: 'current';
}

export interface EdmNavigation {
  name: string;
  /** The entity set it leads to (in the same service). */
  target: string;
  multiplicity: '1' | '*';
}

export interface EntitySetDef {
  set: string;
  typeName: string;
  label: string;
  properties: EdmProperty[];
  navigations: EdmNavigation[];
  /** sap:creatable/updatable/deletable="false", as SAP marks the billing sets. */
  readOnly?: true;
}

export const keysOf = (def: EntitySetDef) => def.properties.filter((p) => p.key);

/** The entity set as the tenant's release knows it. */
export function forRelease(def: EntitySetDef, release: Release): EntitySetDef {
  return release === 'current' ? def : { ...def, properties: def.properties.filter((p) => p.since !== 'current') };
}

type Extra = Partial<Omit<EdmProperty, 'name' | 'type'>>;

export const str = (name: string, maxLength: number, label: string | undefined, extra: Extra = {}): EdmProperty => ({
  name,
  type: 'Edm.String',
  maxLength,
  ...(label ? { label } : {}),
  ...extra,
});
export const key = (name: string, maxLength: number, label: string, extra: Extra = {}): EdmProperty =>
  str(name, maxLength, label, { key: true, displayFormat: 'UpperCase', ...extra });
export const date = (name: string, label: string, extra: Extra = {}): EdmProperty => ({
  name,
  type: 'Edm.DateTime',
  precision: 0,
  displayFormat: 'Date',
  label,
  ...extra,
});
export const timestamp = (name: string, label: string, extra: Extra = {}): EdmProperty => ({
  name,
  type: 'Edm.DateTimeOffset',
  precision: 7,
  label,
  quickinfo: 'UTC Time Stamp in Long Form (YYYYMMDDhhmmssmmmuuun)',
  ...extra,
});
export const time = (name: string, label: string): EdmProperty => ({ name, type: 'Edm.Time', precision: 0, label });
export const amount = (name: string, precision: number, label: string | undefined, unit: string, extra: Extra = {}): EdmProperty => ({
  name,
  type: 'Edm.Decimal',
  precision,
  scale: 3,
  unit,
  ...(label ? { label } : {}),
  ...extra,
});
export const quantity = (name: string, precision: number, scale: number, label: string, unit: string, extra: Extra = {}): EdmProperty => ({
  name,
  type: 'Edm.Decimal',
  precision,
  scale,
  unit,
  label,
  ...extra,
});
export const currency = (name: string, label: string): EdmProperty => str(name, 5, label, { semantics: 'currency-code' });
export const uom = (name: string, label: string): EdmProperty => str(name, 3, label, { semantics: 'unit-of-measure' });
export const bool = (name: string, label: string, extra: Extra = {}): EdmProperty => ({ name, type: 'Edm.Boolean', label, ...extra });
