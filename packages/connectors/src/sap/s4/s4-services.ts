import type { DocumentType } from '@portal/contracts';

/** Where one document type lives in S/4HANA and how it is read (research §1.1, docs/product/sap-s4hana-connector.md). */
export interface S4Service {
  documentType: DocumentType;
  service: string;
  entitySet: string;
  /** The header key, in order; several are joined by `/` into the source id (`5105600001/2025`). */
  keys: string[];
  /** The header → items navigation expanded with each header. */
  itemNav: string;
  /** How changes are found: by `LastChangeDateTime`, or (no change timestamp) by re-reading a trailing `PostingDate` window. */
  delta: 'lastChange' | 'postingWindow';
  /** The header field naming the business partner, and where its name is looked up. */
  party: { field: string; partnerSet: 'A_Customer' | 'A_Supplier' };
}

export const S4_SERVICES: Record<DocumentType, S4Service> = {
  SALES_ORDER: {
    documentType: 'SALES_ORDER',
    service: 'API_SALES_ORDER_SRV',
    entitySet: 'A_SalesOrder',
    keys: ['SalesOrder'],
    itemNav: 'to_Item',
    delta: 'lastChange',
    party: { field: 'SoldToParty', partnerSet: 'A_Customer' },
  },
  SALES_RETURN: {
    documentType: 'SALES_RETURN',
    service: 'API_CUSTOMER_RETURN_SRV',
    entitySet: 'A_CustomerReturn',
    keys: ['CustomerReturn'],
    itemNav: 'to_Item',
    delta: 'lastChange',
    party: { field: 'SoldToParty', partnerSet: 'A_Customer' },
  },
  SALES_INVOICE: {
    documentType: 'SALES_INVOICE',
    service: 'API_BILLING_DOCUMENT_SRV',
    entitySet: 'A_BillingDocument',
    keys: ['BillingDocument'],
    itemNav: 'to_Item',
    delta: 'lastChange',
    party: { field: 'SoldToParty', partnerSet: 'A_Customer' },
  },
  PURCHASE_INVOICE: {
    documentType: 'PURCHASE_INVOICE',
    service: 'API_SUPPLIERINVOICE_PROCESS_SRV',
    entitySet: 'A_SupplierInvoice',
    keys: ['SupplierInvoice', 'FiscalYear'],
    itemNav: 'to_SuplrInvcItemPurOrdRef',
    delta: 'postingWindow',
    party: { field: 'InvoicingParty', partnerSet: 'A_Supplier' },
  },
  PURCHASE_ORDER: {
    documentType: 'PURCHASE_ORDER',
    service: 'API_PURCHASEORDER_PROCESS_SRV',
    entitySet: 'A_PurchaseOrder',
    keys: ['PurchaseOrder'],
    itemNav: 'to_PurchaseOrderItem',
    delta: 'lastChange',
    party: { field: 'Supplier', partnerSet: 'A_Supplier' },
  },
};

export const BUSINESS_PARTNER_SERVICE = 'API_BUSINESS_PARTNER';

/** The name the connector adds to each header, read from the partner service (`CustomerName` or `SupplierName`). */
export const partyNameField = (s: S4Service) => (s.party.partnerSet === 'A_Customer' ? 'CustomerName' : 'SupplierName');

/** The header's source id: its key fields joined by `/`, or null when one is missing. */
export function keyOf(s: S4Service, record: unknown): string | null {
  if (record === null || typeof record !== 'object') return null;
  const parts = s.keys.map((k) => (record as Record<string, unknown>)[k]);
  return parts.every((p) => typeof p === 'string' && p !== '') ? parts.join('/') : null;
}
