import { randomUUID } from 'node:crypto';
import type { CanonicalDocument } from '@portal/contracts';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantDb, writeCustomers, writeDocuments } from '../src';
import { type DbFixture, openDbFixture } from './db-fixture';

// A document page and a customer page of the same integration committing side
// by side: without the integration's names lock each misses the other's rows
// and the invoice keeps no customer name.
let fx: DbFixture;
let owner: pg.Client;
let tenants: TenantDb;
const org = randomUUID();
const integration = randomUUID();

const invoice: CanonicalDocument = {
  sourceId: 'INV-1',
  sourceUpdatedAt: '2026-01-01T00:00:00Z',
  number: 'INV-1',
  date: '2026-01-15',
  partyCode: 'C1',
  partyName: null,
  salesmanCode: null,
  currency: 'IDR',
  subtotal: '10.00',
  discount: '0.00',
  tax: '0.00',
  total: '10.00',
  status: null,
  lines: [],
};

beforeAll(async () => {
  fx = await openDbFixture('db_names_race', { poolMax: 4, distributors: [[org, integration]] });
  ({ owner, tenants } = fx);
}, 60_000);

afterAll(() => fx?.close());

describe('names between documents and master data', () => {
  it('a customer page written while a document page is in flight still names the document', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const documentWritten = new Promise<void>((resolve) => (written = resolve));
    // The document page writes, then stays uncommitted until the customer page has started.
    const documents = tenants.runAsOrg(org, async (tx) => {
      await writeDocuments(tx, { organizationId: org, integrationId: integration, type: 'SALES_INVOICE', templateVersion: 1 }, [invoice]);
      written();
      await held;
    });
    await documentWritten;
    const customers = tenants.runAsOrg(org, (tx) =>
      writeCustomers(tx, { organizationId: org, integrationId: integration }, [
        {
          sourceId: 'C1',
          code: 'C1',
          name: 'Toko Maju',
          address: null,
          city: null,
          salesmanCode: null,
          outletType: null,
          sourceUpdatedAt: '2026-01-01T00:00:00Z',
        },
      ]),
    );
    // Give the customer page time to reach the database and wait there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await Promise.all([documents, customers]);
    const { rows } = await owner.query<{ party_name: string | null }>(`select party_name from documents where source_id = 'INV-1'`);
    expect(rows[0]?.party_name).toBe('Toko Maju');
  });
});
