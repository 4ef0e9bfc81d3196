import { B1_ENTITY_SETS } from './b1-data';

// The Service Layer's $metadata (OData V3 CSDL), written by us: the marketing
// documents share the EntityType `Document`, whose lines are the collection
// `DocumentLines` of the ComplexType `DocumentLine`. Dates are Edm.DateTime
// and UpdateTime Edm.Time on the v1 endpoint, though the JSON writes them as
// "2026-11-30" and "14:05:09".

const DOCUMENT_PROPERTIES: [string, string][] = [
  ['DocEntry', 'Edm.Int32'],
  ['DocNum', 'Edm.Int32'],
  ['DocType', 'SAPB1.BoDocumentTypes'],
  ['DocDate', 'Edm.DateTime'],
  ['DocDueDate', 'Edm.DateTime'],
  ['TaxDate', 'Edm.DateTime'],
  ['CardCode', 'Edm.String'],
  ['CardName', 'Edm.String'],
  ['NumAtCard', 'Edm.String'],
  ['DocCurrency', 'Edm.String'],
  ['DocRate', 'Edm.Double'],
  ['DocTotal', 'Edm.Double'],
  ['VatSum', 'Edm.Double'],
  ['DiscountPercent', 'Edm.Double'],
  ['TotalDiscount', 'Edm.Double'],
  ['Cancelled', 'SAPB1.BoYesNoEnum'],
  ['DocumentStatus', 'SAPB1.BoStatus'],
  ['SalesPersonCode', 'Edm.Int32'],
  ['Comments', 'Edm.String'],
  ['CreationDate', 'Edm.DateTime'],
  ['UpdateDate', 'Edm.DateTime'],
  ['UpdateTime', 'Edm.Time'],
];
const LINE_PROPERTIES: [string, string][] = [
  ['LineNum', 'Edm.Int32'],
  ['ItemCode', 'Edm.String'],
  ['ItemDescription', 'Edm.String'],
  ['Quantity', 'Edm.Double'],
  ['UnitPrice', 'Edm.Double'],
  ['Price', 'Edm.Double'],
  ['DiscountPercent', 'Edm.Double'],
  ['LineTotal', 'Edm.Double'],
  ['TaxTotal', 'Edm.Double'],
  ['Currency', 'Edm.String'],
  ['UoMCode', 'Edm.String'],
  ['UnitsOfMeasurment', 'Edm.Double'],
  ['WarehouseCode', 'Edm.String'],
  ['VatGroup', 'Edm.String'],
];

/** Names $filter, $orderby and $select accept on a document. */
export const DOCUMENT_PROPERTY_NAMES: ReadonlySet<string> = new Set([...DOCUMENT_PROPERTIES.map(([n]) => n), 'DocumentLines']);

const property = ([name, type]: [string, string]) => `<Property Name="${name}" Type="${type}" Nullable="${name === 'DocEntry' ? 'false' : 'true'}"/>`;

export const B1_METADATA = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
  <edmx:DataServices m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
    <Schema Namespace="SAPB1" xmlns="http://schemas.microsoft.com/ado/2009/11/edm">
      <EnumType Name="BoYesNoEnum"><Member Name="tNO" Value="0"/><Member Name="tYES" Value="1"/></EnumType>
      <EnumType Name="BoStatus"><Member Name="bost_Open" Value="0"/><Member Name="bost_Close" Value="1"/><Member Name="bost_Paid" Value="2"/><Member Name="bost_Delivered" Value="3"/></EnumType>
      <EnumType Name="BoDocumentTypes"><Member Name="dDocument_Items" Value="0"/><Member Name="dDocument_Service" Value="1"/></EnumType>
      <ComplexType Name="DocumentLine">
        ${LINE_PROPERTIES.map(property).join('\n        ')}
      </ComplexType>
      <EntityType Name="Document">
        <Key><PropertyRef Name="DocEntry"/></Key>
        ${DOCUMENT_PROPERTIES.map(property).join('\n        ')}
        <Property Name="DocumentLines" Type="Collection(SAPB1.DocumentLine)" Nullable="true"/>
      </EntityType>
      <EntityContainer Name="ServiceLayer" m:IsDefaultEntityContainer="true">
        ${B1_ENTITY_SETS.map((set) => `<EntitySet Name="${set}" EntityType="SAPB1.Document"/>`).join('\n        ')}
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;
