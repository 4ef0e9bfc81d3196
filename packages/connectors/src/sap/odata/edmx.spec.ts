import { describe, expect, it } from 'vitest';
import { EdmxError, entityTypeOfSet, parseEdmx } from './edmx';

// Trimmed from the shape of SAP's API_SALES_ORDER_SRV $metadata (research §1.6).
const SALES_ORDER_EDMX = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:Reference Uri="https://host/sap/opu/odata/IWFND/CATALOGSERVICE;v=2/Vocabularies(TechnicalName='%2FIWBEP%2FVOC_COMMON',Version='0001',SAP__Origin='LOCAL')/$value" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Include Namespace="com.sap.vocabularies.Common.v1" Alias="Common"/>
 </edmx:Reference>
 <edmx:DataServices m:DataServiceVersion="2.0">
  <Schema Namespace="API_SALES_ORDER_SRV" xml:lang="en" sap:schema-version="1" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
   <EntityType Name="A_SalesOrderType" sap:label="Sales Order Header" sap:content-version="1">
    <Key><PropertyRef Name="SalesOrder"/></Key>
    <Property Name="SalesOrder" Type="Edm.String" Nullable="false" MaxLength="10" sap:display-format="UpperCase" sap:label="Sales Order"/>
    <Property Name="SalesOrderDate" Type="Edm.DateTime" Precision="0" sap:display-format="Date" sap:label="Document Date"/>
    <Property Name="TotalNetAmount" Type="Edm.Decimal" Precision="16" Scale="3" sap:unit="TransactionCurrency" sap:label="Net Value"/>
    <Property Name="TransactionCurrency" Type="Edm.String" MaxLength="5" sap:label="Document Currency" sap:semantics="currency-code"/>
    <Property Name="LastChangeDateTime" Type="Edm.DateTimeOffset" Precision="7" ConcurrencyMode="Fixed" sap:label="Time Stamp" sap:creatable="false" sap:updatable="false"/>
    <Property Name="Unlabelled" Type="Edm.String" sap:filterable="false"/>
    <NavigationProperty Name="to_Item" Relationship="API_SALES_ORDER_SRV.assoc_42CC" FromRole="FromRole_assoc_42CC" ToRole="ToRole_assoc_42CC"/>
    <NavigationProperty Name="to_Partner" Relationship="API_SALES_ORDER_SRV.assoc_ONE" FromRole="FromRole_assoc_ONE" ToRole="ToRole_assoc_ONE"/>
   </EntityType>
   <EntityType Name="A_SalesOrderItemType" sap:label="Sales Order Item">
    <Key><PropertyRef Name="SalesOrder"/><PropertyRef Name="SalesOrderItem"/></Key>
    <Property Name="SalesOrder" Type="Edm.String" Nullable="false" MaxLength="10" sap:label="Sales Order"/>
    <Property Name="SalesOrderItem" Type="Edm.String" Nullable="false" MaxLength="6" sap:display-format="NonNegative" sap:label="Item"/>
    <Property Name="RequestedQuantity" Type="Edm.Decimal" Precision="15" Scale="3" sap:unit="RequestedQuantityUnit" sap:label="Requested Quantity"/>
    <Property Name="RequestedQuantityUnit" Type="Edm.String" MaxLength="3" sap:label="Unit" sap:semantics="unit-of-measure"/>
   </EntityType>
   <EntityType Name="A_PartnerType"><Key><PropertyRef Name="PartnerFunction"/></Key><Property Name="PartnerFunction" Type="Edm.String"/></EntityType>
   <Association Name="assoc_42CC" sap:content-version="1">
    <End Type="API_SALES_ORDER_SRV.A_SalesOrderType" Multiplicity="1" Role="FromRole_assoc_42CC"/>
    <End Type="API_SALES_ORDER_SRV.A_SalesOrderItemType" Multiplicity="*" Role="ToRole_assoc_42CC"/>
   </Association>
   <Association Name="assoc_ONE">
    <End Type="API_SALES_ORDER_SRV.A_SalesOrderType" Multiplicity="1" Role="FromRole_assoc_ONE"/>
    <End Type="API_SALES_ORDER_SRV.A_PartnerType" Multiplicity="0..1" Role="ToRole_assoc_ONE"/>
   </Association>
   <EntityContainer Name="API_SALES_ORDER_SRV_Entities" m:IsDefaultEntityContainer="true" sap:supported-formats="atom json xlsx">
    <EntitySet Name="A_SalesOrder" EntityType="API_SALES_ORDER_SRV.A_SalesOrderType" sap:content-version="1"/>
    <EntitySet Name="A_SalesOrderItem" EntityType="API_SALES_ORDER_SRV.A_SalesOrderItemType"/>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`;

describe('parseEdmx', () => {
  it('reads entity types with keys, SAP labels, units and semantics, and the sets that expose them', () => {
    const model = parseEdmx(SALES_ORDER_EDMX);
    const header = entityTypeOfSet(model, 'A_SalesOrder')!;
    expect(header.name).toBe('A_SalesOrderType');
    expect(header.label).toBe('Sales Order Header');
    expect(header.keys).toEqual(['SalesOrder']);
    expect(header.properties.find((p) => p.name === 'TotalNetAmount')).toEqual({
      name: 'TotalNetAmount',
      type: 'Edm.Decimal',
      label: 'Net Value',
      unit: 'TransactionCurrency',
      semantics: null,
      displayFormat: null,
      filterable: true,
    });
    expect(header.properties.find((p) => p.name === 'TransactionCurrency')?.semantics).toBe('currency-code');
    expect(header.properties.find((p) => p.name === 'SalesOrderDate')?.displayFormat).toBe('Date');
    expect(header.properties.find((p) => p.name === 'Unlabelled')).toMatchObject({ label: null, filterable: false });
    expect(entityTypeOfSet(model, 'A_SalesOrderItem')?.keys).toEqual(['SalesOrder', 'SalesOrderItem']);
    expect(entityTypeOfSet(model, 'A_Nothing')).toBeUndefined();
  });

  it('resolves navigation properties through their association ends: `*` is the item collection', () => {
    const header = parseEdmx(SALES_ORDER_EDMX).entityTypes.get('A_SalesOrderType')!;
    expect(header.navigations).toEqual([
      { name: 'to_Item', targetType: 'A_SalesOrderItemType', many: true },
      { name: 'to_Partner', targetType: 'A_PartnerType', many: false },
    ]);
  });

  it('refuses what is not EDMX: an HTML login page, JSON, an empty schema', () => {
    expect(() => parseEdmx('<html><head><title>Logon</title></head><body><form action="/sap/bc/gui"></form></body></html>')).toThrow(EdmxError);
    expect(() => parseEdmx('{"d":{"results":[]}}')).toThrow(EdmxError);
    expect(() => parseEdmx('<edmx:Edmx xmlns:edmx="x"><edmx:DataServices><Schema Namespace="S"></Schema></edmx:DataServices></edmx:Edmx>')).toThrow(
      /no entity type/,
    );
  });
});
