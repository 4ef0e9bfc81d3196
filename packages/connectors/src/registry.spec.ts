import { describe, expect, it } from 'vitest';
import { DmsConnector } from './dms/dms-connector';
import { integrationKind, isPulledKind, PULLED_KINDS } from '@portal/contracts';
import { connectorFor, connectorSettings } from './registry';

const settings = connectorSettings({ DMS_BASE_URL: 'http://127.0.0.1:4010' }, 5_000);

describe('connector registry', () => {
  it('has a connector for every pulled kind, and External (pushed) is not one', () => {
    expect(PULLED_KINDS).toEqual(['DMS']);
    expect(integrationKind.options.filter((k) => isPulledKind(k))).toEqual(['DMS']);
    for (const kind of PULLED_KINDS) expect(connectorFor(kind, '446-x', settings).kind).toBe(kind);
  });

  it('binds a DMS integration to the DMS connector at DMS_BASE_URL', () => {
    expect(settings).toEqual({ DMS: { baseUrl: 'http://127.0.0.1:4010', timeoutMs: 5_000 } });
    expect(connectorFor('DMS', '446-x', settings)).toBeInstanceOf(DmsConnector);
  });

  it('refuses kinds that are not pulled', () => {
    expect(() => connectorFor('EXTERNAL', 'pk_x', settings)).toThrow(/EXTERNAL integrations are not pulled/);
    expect(() => connectorFor('SAP', 'x', settings)).toThrow(/SAP integrations are not pulled/);
  });
});
