import type { OutboundPolicy } from '../outbound/outbound-guard';

/** Per-process settings of the SAP connectors (from the shared environment). */
export interface SapSettings {
  /** OUTBOUND_ALLOW_PRIVATE: whether a user-given SAP URL may be on a private or loopback address. */
  outbound: OutboundPolicy;
  /** One HTTP exchange's limit. */
  timeoutMs: number;
  /** SAP_PURCHASE_INVOICE_WINDOW_DAYS: purchase invoices have no change timestamp; each run re-reads this many days of PostingDate. */
  purchaseInvoiceWindowDays: number;
  /** Clock for the purchase-invoice window and token expiry (tests move it). */
  now?: () => Date;
}
