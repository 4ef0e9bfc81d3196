import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../connector-error';

/** A property as the Service Layer's $metadata declares it. */
export interface B1Property {
  name: string;
  edmType: string;
}

/** One entity set's document type: its header properties and, when it has lines, the line collection and its properties. */
export interface B1DocumentModel {
  entitySet: string;
  typeName: string;
  properties: B1Property[];
  lines: { name: string; properties: B1Property[] } | null;
}

interface XmlProperty {
  '@_Name': string;
  '@_Type': string;
}
interface XmlType {
  '@_Name': string;
  Property?: XmlProperty[];
}
interface XmlSchema {
  '@_Namespace'?: string;
  EntityType?: XmlType[];
  ComplexType?: XmlType[];
  EntityContainer?: { EntitySet?: { '@_Name': string; '@_EntityType': string }[] }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => ['Schema', 'EntityType', 'ComplexType', 'Property', 'EntityContainer', 'EntitySet'].includes(name),
});

const localName = (qualified: string) => qualified.slice(qualified.lastIndexOf('.') + 1);

/**
 * Reads the entity sets' document models from the Service Layer's EDMX
 * (OData V3 CSDL on /b1s/v1, V4 on /b1s/v2: both keep types in Schema and
 * sets in EntityContainer). Lines are the property typed `Collection(…)` of
 * a complex (or entity) type, e.g. `DocumentLines` of `DocumentLine`.
 */
export function parseB1Metadata(xml: string): Map<string, B1DocumentModel> {
  let schemas: XmlSchema[];
  try {
    const doc = parser.parse(xml) as { Edmx?: { DataServices?: { Schema?: XmlSchema[] } } };
    schemas = doc.Edmx?.DataServices?.Schema ?? [];
  } catch (err) {
    throw new ConnectorError('SAP', { kind: 'malformed' }, 'The Service Layer $metadata is not XML', { cause: err });
  }
  if (schemas.length === 0) throw new ConnectorError('SAP', { kind: 'malformed' }, 'The Service Layer $metadata has no schema (a sign-in page?)');
  const types = new Map<string, XmlType>();
  for (const s of schemas) for (const t of [...(s.EntityType ?? []), ...(s.ComplexType ?? [])]) types.set(t['@_Name'], t);
  const propertiesOf = (t: XmlType): B1Property[] => (t.Property ?? []).map((p) => ({ name: p['@_Name'], edmType: p['@_Type'] }));

  const models = new Map<string, B1DocumentModel>();
  for (const s of schemas)
    for (const container of s.EntityContainer ?? [])
      for (const set of container.EntitySet ?? []) {
        const type = types.get(localName(set['@_EntityType']));
        if (!type) continue;
        const properties = propertiesOf(type);
        // A document has several collections (lines, expenses, approvals): its lines are DocumentLines where present.
        const collections = properties.filter((p) => /^Collection\(/.test(p.edmType));
        const collection = collections.find((p) => p.name === 'DocumentLines') ?? collections[0];
        const lineType = collection ? types.get(localName(collection.edmType.replace(/^Collection\((.*)\)$/, '$1'))) : undefined;
        models.set(set['@_Name'], {
          entitySet: set['@_Name'],
          typeName: type['@_Name'],
          properties: properties.filter((p) => p !== collection),
          lines: collection && lineType ? { name: collection.name, properties: propertiesOf(lineType) } : null,
        });
      }
  return models;
}
