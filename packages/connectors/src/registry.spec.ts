import { describe, expect, it } from 'vitest';
import { DmsConnector } from './dms/dms-connector';
import { integrationKind, isPulledKind, PULLED_KINDS } from '@portal/contracts';
import { connectorFor, connectorSettings } from './registry';
import { S4Connector } from './sap/s4/s4-connector';

const sapSecret = { product: 'S4HANA', baseUrl: 'http://127.0.0.1:4020', sapClient: '100', auth: { type: 'BASIC', username: 'U', password: 'P' } };

const settings = connectorSettings({ DMS_BASE_URL: 'http://127.0.0.1:4010', OUTBOUND_ALLOW_PRIVATE: true, SAP_PURCHASE_INVOICE_WINDOW_DAYS: 7 }, 5_000);

describe('connector registry', () => {
  it('has a connector for every pulled kind, and External (pushed) is not one', () => {
    expect(PULLED_KINDS).toEqual(['DMS', 'SAP']);
    expect(integrationKind.options.filter((k) => isPulledKind(k))).toEqual(['DMS', 'SAP']);
    const secrets = { DMS: '446-x', SAP: JSON.stringify(sapSecret) };
    for (const kind of PULLED_KINDS) expect(connectorFor(kind, secrets[kind], settings).kind).toBe(kind);
  });

  it('binds a DMS integration to the DMS connector at DMS_BASE_URL', () => {
    expect(settings.DMS).toEqual({ baseUrl: 'http://127.0.0.1:4010', timeoutMs: 5_000 });
    expect(connectorFor('DMS', '446-x', settings)).toBeInstanceOf(DmsConnector);
  });

  it('refuses kinds that are not pulled', () => {
    expect(() => connectorFor('EXTERNAL', 'pk_x', settings)).toThrow(/EXTERNAL integrations are not pulled/);
  });

  it('binds an SAP integration to the connector of its product, from the sealed connection', () => {
    expect(connectorFor('SAP', JSON.stringify(sapSecret), settings)).toBeInstanceOf(S4Connector);
    expect(() => connectorFor('SAP', JSON.stringify({ ...sapSecret, baseUrl: 'not a url' }), settings)).toThrow();
  });
});
