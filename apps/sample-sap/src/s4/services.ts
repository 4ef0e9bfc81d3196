import type { EntitySetDef } from './edm';
import type { Family, ServiceDef } from './family';
import { billingDocumentService } from './services/billing-document';
import { businessPartnerService } from './services/business-partner';
import { customerReturnService } from './services/customer-return';
import { productService } from './services/product';
import { purchaseOrderService } from './services/purchase-order';
import { salesOrderService } from './services/sales-order';
import { supplierInvoiceService } from './services/supplier-invoice';

/** The OData V2 services the sample S/4HANA serves under /sap/opu/odata/sap/. */
export const SERVICES: readonly ServiceDef[] = [
  salesOrderService,
  customerReturnService,
  billingDocumentService,
  supplierInvoiceService,
  purchaseOrderService,
  businessPartnerService,
  productService,
];

/** The master-data service and sets: absent (404) while the drill `masterData` is off. */
export const MASTER_DATA_SERVICE = 'API_PRODUCT_SRV';
export const MASTER_DATA_SETS: ReadonlySet<string> = new Set(['A_BusinessPartner', 'A_BusinessPartnerAddress']);

export interface SetLocation {
  service: ServiceDef;
  family: Family;
  def: EntitySetDef;
  /** Whether this is the family's header set (else one of its navigation targets). */
  isHeader: boolean;
}

export const entitySetsOf = (service: ServiceDef): EntitySetDef[] => service.families.flatMap((f) => [f.header, ...f.children]);

export function locateSet(service: ServiceDef, set: string): SetLocation | null {
  for (const family of service.families) {
    if (family.header.set === set) return { service, family, def: family.header, isHeader: true };
    const child = family.children.find((c) => c.set === set);
    if (child) return { service, family, def: child, isHeader: false };
  }
  return null;
}
