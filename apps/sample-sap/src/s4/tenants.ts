import type { Release } from './edm';

/** A client (`sap-client`) of the sample S/4HANA, with its communication user and OAuth client. */
export interface S4Tenant {
  client: string;
  release: Release;
  /** Whether DateTimeOffset values are written `/Date(ms+0000)/` (else `/Date(ms)/`). */
  dateTimeOffsetWithOffset: boolean;
  basic: { user: string; password: string };
  oauth: { clientId: string; secret: string } | null;
}

export const SYSTEM_ID = 'S4D';
export const DEFAULT_CLIENT = '100';

export const S4_TENANTS: readonly S4Tenant[] = [
  {
    client: '100',
    release: 'current',
    dateTimeOffsetWithOffset: true,
    basic: { user: 'PORTAL_COMM_100', password: 'Sap#Demo100' },
    oauth: { clientId: 'PORTAL_CLIENT_100', secret: 'Sap#Secret100' },
  },
  {
    client: '200',
    release: 'previous',
    dateTimeOffsetWithOffset: false,
    basic: { user: 'PORTAL_COMM_200', password: 'Sap#Demo200' },
    oauth: null,
  },
];

export const tenantOf = (client: string) => S4_TENANTS.find((t) => t.client === client) ?? null;
