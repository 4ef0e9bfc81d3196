import { randomUUID } from 'node:crypto';
import type { CanonicalDocument } from '@portal/contracts';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantDb, writeDocuments } from '../src';
import { orgConnection } from '../src/tenant-db';
import { type DbFixture, openDbFixture } from './db-fixture';

// The shared set-based writer's guarantees, on which both the worker's
// consolidation and the API's External ingestion rely.
let fx: DbFixture;
let owner: pg.Client;
let tenants: TenantDb;
const orgA = randomUUID();
const orgB = randomUUID();
const integrationA = randomUUID();
const integrationB = randomUUID();

const doc = (sourceId: string, updatedAt: string, lines: number, total = '100.00'): CanonicalDocument => ({
  sourceId,
  sourceUpdatedAt: updatedAt,
  number: `NO-${sourceId}`,
  date: '2026-01-15',
  partyCode: 'C1',
  partyName: 'Toko Maju',
  salesmanCode: null,
  currency: 'IDR',
  subtotal: total,
  discount: '0.00',
  tax: '0.00',
  total,
  status: null,
  lines: Array.from({ length: lines }, (_, i) => ({
    lineNo: i + 1,
    productCode: `P${i + 1}`,
    productName: null,
    quantity: '1.0000',
    unit: 'PCS',
    quantityBase: '1.0000',
    unitPrice: total,
    discount: '0.00',
    tax: '0.00',
    amount: total,
  })),
});

const write = (org: string, integrationId: string, docs: CanonicalDocument[], templateVersion = 1) =>
  tenants.runAsOrg(org, (tx) => writeDocuments(tx, { organizationId: org, integrationId, type: 'SALES_INVOICE', templateVersion }, docs));

async function stored(integrationId: string, sourceId: string) {
  const { rows } = await owner.query<{ total: string; updated_at: Date; template_version: number; line_count: number; lines: string }>(
    `select d.total::text, d.updated_at, d.template_version, d.line_count, (select count(*) from document_lines l where l.document_id = d.id)::text as lines
       from documents d where d.integration_id = $1 and d.source_id = $2`,
    [integrationId, sourceId],
  );
  return rows[0];
}

beforeAll(async () => {
  fx = await openDbFixture('db_writer', {
    distributors: [
      [orgA, integrationA],
      [orgB, integrationB],
    ],
  });
  ({ owner, tenants } = fx);
}, 60_000);

afterAll(() => fx?.close());

describe('writeDocuments', () => {
  it("runs its bulk statements on the transaction's own connection, which carries the organisation", async () => {
    const seen = await tenants.runAsOrg(orgA, async (tx) => {
      const connection = orgConnection(tx);
      if (!connection) return null;
      const { rows } = await connection.query<{ org: string }>(`select current_setting('app.org_id', true) as org`);
      return rows[0]?.org;
    });
    // PGlite's socket may not name its connections: the writer then goes through Prisma, in the same transaction.
    if (process.env.TEST_DATABASE !== 'embedded') expect(seen).toBe(orgA);
  });

  it('writes a page once: the same page again writes nothing and leaves the rows untouched', async () => {
    const page = [doc('r1', '2026-01-01T00:00:00Z', 3), doc('r2', '2026-01-01T00:00:00Z', 2)];
    expect(await write(orgA, integrationA, page)).toBe(2);
    const before = await stored(integrationA, 'r1');
    expect(await write(orgA, integrationA, page)).toBe(0);
    expect(await stored(integrationA, 'r1')).toEqual(before);
    expect(before).toMatchObject({ line_count: 3, lines: '3' });
  });

  it('a newer version with fewer lines replaces the document and all its lines', async () => {
    await write(orgA, integrationA, [doc('r3', '2026-01-01T00:00:00Z', 4)]);
    expect(await write(orgA, integrationA, [doc('r3', '2026-01-02T00:00:00Z', 1, '50.00')])).toBe(1);
    expect(await stored(integrationA, 'r3')).toMatchObject({ total: '50.00', line_count: 1, lines: '1' });
  });

  it('an older version never rolls a document back', async () => {
    await write(orgA, integrationA, [doc('r4', '2026-01-05T00:00:00Z', 2, '70.00')]);
    expect(await write(orgA, integrationA, [doc('r4', '2026-01-01T00:00:00Z', 5, '10.00')])).toBe(0);
    expect(await stored(integrationA, 'r4')).toMatchObject({ total: '70.00', line_count: 2, lines: '2' });
  });

  it('a new template version re-consolidates a document of the same source version', async () => {
    await write(orgA, integrationA, [doc('r5', '2026-01-01T00:00:00Z', 2)]);
    expect(await write(orgA, integrationA, [doc('r5', '2026-01-01T00:00:00Z', 3)], 2)).toBe(1);
    expect(await stored(integrationA, 'r5')).toMatchObject({ template_version: 2, line_count: 3, lines: '3' });
  });

  it("writing as one organisation can neither create rows for another nor touch another's documents", async () => {
    await write(orgB, integrationB, [doc('b1', '2026-01-01T00:00:00Z', 2, '20.00')]);
    // Claiming to be B while RLS knows the writer as A.
    await expect(
      tenants.runAsOrg(orgA, (tx) =>
        writeDocuments(tx, { organizationId: orgB, integrationId: integrationB, type: 'SALES_INVOICE', templateVersion: 1 }, [
          doc('b2', '2026-01-01T00:00:00Z', 1),
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    // As A, a newer version of B's document under B's integration: the conflicting row is not A's to update.
    await expect(write(orgA, integrationB, [doc('b1', '2026-02-01T00:00:00Z', 1, '99.00')])).rejects.toThrow(/row-level security/);
    expect(await stored(integrationB, 'b1')).toMatchObject({ total: '20.00', line_count: 2, lines: '2' });
    expect(await stored(integrationB, 'b2')).toBeUndefined();
  });
});
