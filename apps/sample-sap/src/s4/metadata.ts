import { createHash } from 'node:crypto';
import { type EdmProperty, type EntitySetDef, forRelease, keysOf, type Release } from './edm';
import type { ServiceDef } from './family';
import { entitySetsOf } from './services';

// `$metadata` in the form SAP Gateway writes it (EDMX 1.0, OData 2.0, the
// sap: annotations), built from the same property tables the data is
// rendered from, for the tenant's release.

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attrs = (pairs: [string, string | number | undefined][]) =>
  pairs
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join('');

/** SAP names associations by a hash: assoc_<32 hex>. */
const assocName = (ns: string, from: string, nav: string) => `assoc_${createHash('md5').update(`${ns}.${from}/${nav}`).digest('hex').toUpperCase()}`;

function property(p: EdmProperty): string {
  const readOnlyStamp = p.type === 'Edm.DateTimeOffset';
  return `<Property${attrs([
    ['Name', p.name],
    ['Type', p.type],
    ['Nullable', p.key ? 'false' : undefined],
    ['MaxLength', p.maxLength],
    ['Precision', p.precision],
    ['Scale', p.scale],
    ['ConcurrencyMode', p.concurrency ? 'Fixed' : undefined],
    ['sap:display-format', p.displayFormat],
    ['sap:label', p.label],
    ['sap:quickinfo', p.quickinfo],
    ['sap:unit', p.unit],
    ['sap:semantics', p.semantics],
    ['sap:creatable', readOnlyStamp ? 'false' : undefined],
    ['sap:updatable', p.key || readOnlyStamp ? 'false' : undefined],
    ['sap:filterable', p.filterable === false ? 'false' : undefined],
  ])}/>`;
}

const readOnlyAttrs = (def: EntitySetDef) =>
  def.readOnly
    ? attrs([
        ['sap:creatable', 'false'],
        ['sap:updatable', 'false'],
        ['sap:deletable', 'false'],
      ])
    : '';

export function metadataXml(service: ServiceDef, release: Release, baseUrl: string): string {
  const ns = service.name;
  const sets = entitySetsOf(service).map((d) => forRelease(d, release));
  const typeOfSet = new Map(sets.map((d) => [d.set, d.typeName]));
  const associations = sets.flatMap((d) =>
    d.navigations.map((nav) => ({ name: assocName(ns, d.typeName, nav.name), from: d, nav, toType: typeOfSet.get(nav.target)! })),
  );
  const assocOf = (d: EntitySetDef, nav: string) => associations.find((a) => a.from === d && a.nav.name === nav)!;

  const entityTypes = sets.map((d) => {
    const navs = d.navigations.map((nav) => {
      const a = assocOf(d, nav.name);
      return `<NavigationProperty Name="${nav.name}" Relationship="${ns}.${a.name}" FromRole="FromRole_${a.name}" ToRole="ToRole_${a.name}"/>`;
    });
    return [
      `<EntityType Name="${d.typeName}" sap:label="${xml(d.label)}" sap:content-version="1">`,
      `<Key>${keysOf(d)
        .map((k) => `<PropertyRef Name="${k.name}"/>`)
        .join('')}</Key>`,
      ...d.properties.map(property),
      ...navs,
      '</EntityType>',
    ].join('\n');
  });
  const assocTypes = associations.map((a) =>
    [
      `<Association Name="${a.name}" sap:content-version="1">`,
      `<End Type="${ns}.${a.from.typeName}" Multiplicity="1" Role="FromRole_${a.name}"/>`,
      `<End Type="${ns}.${a.toType}" Multiplicity="${a.nav.multiplicity}" Role="ToRole_${a.name}"/>`,
      '</Association>',
    ].join('\n'),
  );
  const container = [
    `<EntityContainer Name="${ns}_Entities" m:IsDefaultEntityContainer="true" sap:message-scope-supported="true" sap:supported-formats="atom json xlsx">`,
    ...sets.map((d) => `<EntitySet Name="${d.set}" EntityType="${ns}.${d.typeName}"${readOnlyAttrs(d)} sap:content-version="1"/>`),
    ...associations.map((a) =>
      [
        `<AssociationSet Name="${a.name}" Association="${ns}.${a.name}" sap:creatable="false" sap:updatable="false" sap:deletable="false" sap:content-version="1">`,
        `<End EntitySet="${a.from.set}" Role="FromRole_${a.name}"/>`,
        `<End EntitySet="${a.nav.target}" Role="ToRole_${a.name}"/>`,
        '</AssociationSet>',
      ].join('\n'),
    ),
    '</EntityContainer>',
  ];
  const vocabulary = (technicalName: string, namespace: string, alias: string) =>
    `<edmx:Reference Uri="${baseUrl}/sap/opu/odata/IWFND/CATALOGSERVICE;v=2/Vocabularies(TechnicalName='${encodeURIComponent(technicalName)}',Version='0001',SAP__Origin='LOCAL')/$value" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:Include Namespace="${namespace}" Alias="${alias}"/></edmx:Reference>`;
  const self = `${baseUrl}/sap/opu/odata/sap/${ns}/$metadata`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">',
    vocabulary('/IWBEP/VOC_COMMON', 'com.sap.vocabularies.Common.v1', 'Common'),
    vocabulary('/IWBEP/VOC_CAPABILITIES', 'Org.OData.Capabilities.V1', 'Capabilities'),
    '<edmx:DataServices m:DataServiceVersion="2.0">',
    `<Schema Namespace="${ns}" xml:lang="en" sap:schema-version="1" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">`,
    ...entityTypes,
    ...assocTypes,
    ...container,
    `<atom:link rel="self" href="${self}" xmlns:atom="http://www.w3.org/2005/Atom"/>`,
    `<atom:link rel="latest-version" href="${self}" xmlns:atom="http://www.w3.org/2005/Atom"/>`,
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}
