import { XMLParser } from 'fast-xml-parser';

/** One `Property` of an OData V2 entity type, with the SAP annotations the template generator reads. */
export interface EdmProperty {
  name: string;
  /** `Edm.String`, `Edm.Decimal`, `Edm.DateTimeOffset`, … */
  type: string;
  /** `sap:label`, or null: SAP leaves some properties without one (TotalGrossAmount in the billing service). */
  label: string | null;
  /** `sap:unit`: the property holding this amount's currency or this quantity's unit. */
  unit: string | null;
  /** `sap:semantics`: `currency-code`, `unit-of-measure`, … */
  semantics: string | null;
  /** `sap:display-format`: `Date` marks an Edm.DateTime that is a calendar date. */
  displayFormat: string | null;
  /** `sap:filterable` (true unless SAP says "false"). */
  filterable: boolean;
}

export interface EdmNavigation {
  name: string;
  /** The target entity type's unqualified name. */
  targetType: string;
  /** The association end is `*`: a collection (the items of a header). */
  many: boolean;
}

export interface EdmEntityType {
  name: string;
  label: string | null;
  keys: string[];
  properties: EdmProperty[];
  navigations: EdmNavigation[];
}

export interface EdmxModel {
  /** By unqualified name (`A_SalesOrderType`). */
  entityTypes: Map<string, EdmEntityType>;
  /** Entity set name → unqualified entity type name. */
  entitySets: Map<string, string>;
}

/** The answer is not an OData V2 EDMX document (an HTML login page, JSON, a truncated file). */
export class EdmxError extends Error {
  override readonly name = 'EdmxError';
}

type Node = Record<string, unknown>;

// Namespace prefixes are dropped, so `sap:label` is read as `@label` and `edmx:Edmx` as `Edmx`.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) =>
    ['Schema', 'EntityType', 'Property', 'PropertyRef', 'NavigationProperty', 'Association', 'End', 'EntityContainer', 'EntitySet'].includes(name),
});

const unqualified = (name: string) => name.slice(name.lastIndexOf('.') + 1);
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const attr = (n: Node, name: string): string | null => (typeof n[`@${name}`] === 'string' ? (n[`@${name}`] as string) : null);

/**
 * Reads a service's `$metadata` (OData V2 EDMX as SAP Gateway writes it):
 * entity types with their keys, properties and SAP annotations, navigation
 * properties resolved through their associations, and the entity sets.
 */
export function parseEdmx(xml: string): EdmxModel {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new EdmxError(`not XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const edmx = doc.Edmx as Node | undefined;
  const services = edmx && typeof edmx === 'object' ? (edmx.DataServices as Node | undefined) : undefined;
  if (!services || typeof services !== 'object') throw new EdmxError('not an EDMX document (no edmx:Edmx/edmx:DataServices)');
  const schemas = list(services.Schema);

  const associations = new Map<string, Node[]>();
  for (const s of schemas) for (const a of list(s.Association)) associations.set(attr(a, 'Name') ?? '', list(a.End));

  const entityTypes = new Map<string, EdmEntityType>();
  const entitySets = new Map<string, string>();
  for (const s of schemas) {
    for (const t of list(s.EntityType)) {
      const name = attr(t, 'Name');
      if (!name) continue;
      const key = t.Key as Node | undefined;
      entityTypes.set(name, {
        name,
        label: attr(t, 'label'),
        keys: key && typeof key === 'object' ? list(key.PropertyRef).flatMap((r) => attr(r, 'Name') ?? []) : [],
        properties: list(t.Property).flatMap((p) => {
          const pname = attr(p, 'Name');
          const type = attr(p, 'Type');
          if (!pname || !type) return [];
          return [
            {
              name: pname,
              type,
              label: attr(p, 'label'),
              unit: attr(p, 'unit'),
              semantics: attr(p, 'semantics'),
              displayFormat: attr(p, 'display-format'),
              filterable: attr(p, 'filterable') !== 'false',
            },
          ];
        }),
        navigations: list(t.NavigationProperty).flatMap((n) => {
          const nname = attr(n, 'Name');
          const ends = associations.get(unqualified(attr(n, 'Relationship') ?? '')) ?? [];
          const to = ends.find((e) => attr(e, 'Role') === attr(n, 'ToRole'));
          const target = to && attr(to, 'Type');
          if (!nname || !to || !target) return [];
          return [{ name: nname, targetType: unqualified(target), many: attr(to, 'Multiplicity') === '*' }];
        }),
      });
    }
    for (const c of list(s.EntityContainer)) {
      for (const set of list(c.EntitySet)) {
        const name = attr(set, 'Name');
        const type = attr(set, 'EntityType');
        if (name && type) entitySets.set(name, unqualified(type));
      }
    }
  }
  if (entityTypes.size === 0) throw new EdmxError('the EDMX document declares no entity type');
  return { entityTypes, entitySets };
}

/** The entity type behind an entity set, if the metadata declares both. */
export function entityTypeOfSet(model: EdmxModel, entitySet: string): EdmEntityType | undefined {
  const type = model.entitySets.get(entitySet);
  return type ? model.entityTypes.get(type) : undefined;
}
