import { type SapConnection, sapConnection, type SapTestResponse } from '@portal/contracts';
import type { SourceConnector } from '../source-connector';
import { B1Connector } from './b1/b1-connector';
import { S4Connector } from './s4/s4-connector';
import type { SapSettings } from './sap-settings';

/**
 * An SAP source: S/4HANA over OData V2 (`s4/`) or Business One over its
 * Service Layer (`b1/`). Besides the seam it answers the connect form's
 * test, service by service, without storing anything.
 */
export interface SapSourceConnector extends SourceConnector {
  readonly kind: 'SAP';
  /** Reads each requested service's metadata with the credentials; never throws for a refusal, it reports it. */
  test(): Promise<SapTestResponse>;
}

/** The connector for one SAP connection (as the connect form sends it, secrets included). */
export function sapConnector(connection: SapConnection, settings: SapSettings): SapSourceConnector {
  return connection.product === 'S4HANA' ? new S4Connector(connection, settings) : new B1Connector(connection, settings);
}

/** The sealed secret of an SAP integration is its whole connection as JSON (parsed with the contract). */
export function sapConnectorFromSecret(secret: string, settings: SapSettings): SapSourceConnector {
  return sapConnector(sapConnection.parse(JSON.parse(secret)), settings);
}
