import { type IntegrationKind, isPulledKind, type PulledKind } from '@portal/contracts';
import { DmsConnector, type DmsSettings } from './dms/dms-connector';
import { sapConnectorFromSecret } from './sap/sap-connector';
import type { SapSettings } from './sap/sap-settings';
import type { SourceConnector } from './source-connector';

/** Per-process settings of every pulled kind (base URLs and timeouts, from the environment). */
export interface ConnectorSettings {
  DMS: DmsSettings;
  SAP: SapSettings;
}

/** The settings from the shared environment (packages/config); `timeoutMs` bounds each call. */
export function connectorSettings(
  env: { DMS_BASE_URL: string; OUTBOUND_ALLOW_PRIVATE: boolean; SAP_PURCHASE_INVOICE_WINDOW_DAYS: number },
  timeoutMs?: number,
): ConnectorSettings {
  return {
    DMS: { baseUrl: env.DMS_BASE_URL, ...(timeoutMs ? { timeoutMs } : {}) },
    SAP: {
      outbound: { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE },
      timeoutMs: timeoutMs ?? 60_000,
      purchaseInvoiceWindowDays: env.SAP_PURCHASE_INVOICE_WINDOW_DAYS,
    },
  };
}

// One entry per pulled kind; `satisfies` makes a kind without a connector a type error.
const CONNECTORS = {
  DMS: (secret, settings) => new DmsConnector(secret, settings.DMS),
  // The sealed secret of an SAP integration is its whole connection (URL, client, credentials) as JSON.
  SAP: (secret, settings) => sapConnectorFromSecret(secret, settings.SAP),
} satisfies Record<PulledKind, (secret: string, settings: ConnectorSettings) => SourceConnector>;

/**
 * The connector for an integration of this kind, bound to its decrypted
 * secret. Makes no call yet. Throws for a kind that is not pulled (External).
 */
export function connectorFor(kind: IntegrationKind, secret: string, settings: ConnectorSettings): SourceConnector {
  if (!isPulledKind(kind)) throw new Error(`${kind} integrations are not pulled: no source connector`);
  return CONNECTORS[kind](secret, settings);
}
