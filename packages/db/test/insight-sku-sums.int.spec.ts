import { randomUUID } from 'node:crypto';
import type { CanonicalDocument } from '@portal/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantDb, writeDocuments } from '../src';
import { type DbFixture, openDbFixture } from './db-fixture';

// A principal's SKU sums (migration `*_insight_skus`) are kept, never rebuilt
// on reading: by the fold of what the line trigger appends (migration
// `*_insight_fold`), and by bounded recomputations when a mapping, a SKU's or
// a product's units, or the connection change. After each step they equal the
// same sums computed from scratch over the lines (every line of a CONNECTED
// distributor, resolved through the principal's mapping and units as they are
// now): as readers see them before the fold, and the sums alone after it.
let fx: DbFixture;
let owner: pg.Client;
let tenants: TenantDb;
const principal = randomUUID();
const distributor = randomUUID();
const integration = randomUUID();
const otherIntegration = randomUUID();
const connection = randomUUID();
const sku = { a: randomUUID(), b: randomUUID() };

const doc = (sourceId: string, version: string, date: string, lines: [string, string, string, string][]): CanonicalDocument => ({
  sourceId,
  sourceUpdatedAt: version,
  number: `NO-${sourceId}`,
  date,
  partyCode: 'C1',
  partyName: null,
  salesmanCode: null,
  currency: 'IDR',
  subtotal: '0',
  discount: '0.00',
  tax: '0.00',
  total: '0',
  status: null,
  lines: lines.map(([productCode, unit, quantity, amount], i) => ({
    lineNo: i + 1,
    productCode,
    productName: null,
    quantity,
    unit,
    quantityBase: quantity,
    unitPrice: amount,
    discount: '0.00',
    tax: '0.00',
    amount,
  })),
});

const write = (type: 'SALES_INVOICE' | 'SALES_RETURN', docs: CanonicalDocument[]) =>
  tenants.runAsOrg(distributor, (tx) => writeDocuments(tx, { organizationId: distributor, integrationId: integration, type, templateVersion: 1 }, docs));

const sql = async (text: string, values: unknown[] = []) => (await owner.query(text, values)).rows;

/** The kept rows (`_live`: with what is not folded yet) and the same computed over the lines now, as sorted text rows (quantities at one scale). */
async function sums(suffix: '' | '_live' = '_live') {
  const rows = async (text: string) => (await owner.query<Record<string, string>>(text)).rows.map((r) => Object.values(r).join('|')).sort();
  return {
    kept: await rows(
      `select organization_id, month::text, type, currency, distributor_id, integration_id, coalesce(sku_id::text, '-') as sku,
              sum(lines)::text as lines, sum(unconvertible_lines)::text as unconvertible, sum(quantity)::numeric(30,8)::text as quantity, sum(amount)::text as amount
         from insight_sku_months${suffix} group by 1, 2, 3, 4, 5, 6, 7 having sum(lines) <> 0`,
    ),
    scratch: await rows(
      `select c.principal_org_id, date_trunc('month', l.date)::date::text as month, l.type, l.currency, l.organization_id, l.integration_id,
              coalesce(r.sku_id::text, '-') as sku, count(*)::text as lines, (count(*) filter (where r.sku_id is not null and r.factor is null))::text as unconvertible,
              coalesce(sum(l.quantity * r.factor), 0)::numeric(30,8)::text as quantity, sum(l.amount)::numeric(20,2)::text as amount
         from document_lines l
         join connections c on c.distributor_org_id = l.organization_id and c.status = 'CONNECTED'
         cross join lateral insight_sku_of(c.principal_org_id, l.organization_id, l.product_code, upper(btrim(l.unit))) r
        group by 1, 2, 3, 4, 5, 6, 7`,
    ),
  };
}

/**
 * The principal's roll-up as readers see it (`_live`: folded rows, appended
 * deltas and lines not yet folded) or folded alone, and the same from
 * scratch: the lines of CONNECTED distributors that the connection grants, by
 * principal, month, type, currency and SKU.
 */
async function rollUp(suffix: '' | '_live' = '_live') {
  const rows = async (text: string) => (await owner.query<Record<string, string>>(text)).rows.map((r) => Object.values(r).join('|')).sort();
  return {
    kept: await rows(
      `select organization_id, month::text, type, currency, coalesce(sku_id::text, '-') as sku, sum(lines)::text as lines,
              sum(unconvertible_lines)::text as unconvertible, sum(quantity)::numeric(30,8)::text as quantity, sum(amount)::text as amount
         from insight_principal_months${suffix} group by 1, 2, 3, 4, 5 having sum(lines) <> 0`,
    ),
    scratch: await rows(
      `select c.principal_org_id, date_trunc('month', l.date)::date::text as month, l.type, l.currency, coalesce(r.sku_id::text, '-') as sku,
              count(*)::text as lines, (count(*) filter (where r.sku_id is not null and r.factor is null))::text as unconvertible,
              coalesce(sum(l.quantity * r.factor), 0)::numeric(30,8)::text as quantity, sum(l.amount)::numeric(20,2)::text as amount
         from document_lines l
         join connections c on c.distributor_org_id = l.organization_id and c.status = 'CONNECTED'
                          and connection_covers(c.document_types, c.integration_ids, l.type, l.integration_id)
         cross join lateral insight_sku_of(c.principal_org_id, l.organization_id, l.product_code, upper(btrim(l.unit))) r
        group by 1, 2, 3, 4, 5`,
    ),
  };
}

/** Both levels as readers see them equal the lines resolved now; the sums alone too once folded, with nothing left appended. */
async function expectKeptEqualsScratch() {
  const s = await sums();
  expect(s.kept).toEqual(s.scratch);
  const before = await rollUp();
  expect(before.kept).toEqual(before.scratch);
  await sql(`select insight_fold()`);
  expect(await sql(`select 1 from insight_principal_deltas union all select 1 from insight_line_deltas`)).toEqual([]);
  expect((await sums('')).kept).toEqual(s.scratch);
  expect((await rollUp('')).kept).toEqual(before.scratch);
  return s.kept;
}

/** The kept base-unit quantity and line counts of one SKU (`-`: unmapped), all months and types. */
async function ofSku(id: string | null) {
  const [row] = await sql(
    `select coalesce(sum(quantity), 0)::numeric(30,4)::text as quantity, coalesce(sum(lines), 0)::int as lines, coalesce(sum(unconvertible_lines), 0)::int as unconvertible
       from insight_sku_months_live where organization_id = $1 and sku_id is not distinct from $2::uuid`,
    [principal, id],
  );
  return row as { quantity: string; lines: number; unconvertible: number };
}

const map = (code: string, skuId: string) =>
  sql(
    `insert into product_mappings (id, organization_id, distributor_id, product_code, sku_id, method) values (gen_random_uuid(), $1, $2, $3, $4, 'MANUAL')
     on conflict (organization_id, distributor_id, product_code) do update set sku_id = excluded.sku_id`,
    [principal, distributor, code, skuId],
  );

const product = (integrationId: string, code: string, baseUnit: string, conversions: { unit: string; factor: string }[], version: string) =>
  sql(
    `insert into products (id, organization_id, integration_id, source_id, code, name, base_unit, conversions, source_updated_at)
     values (gen_random_uuid(), $1, $2, $3, $3, $3, $4, $5::jsonb, $6::timestamptz)
     on conflict (integration_id, source_id) do update set base_unit = excluded.base_unit, conversions = excluded.conversions, source_updated_at = excluded.source_updated_at`,
    [distributor, integrationId, code, baseUnit, JSON.stringify(conversions), version],
  );

beforeAll(async () => {
  fx = await openDbFixture('db_insight_sku_sums', { poolMax: 4, integrationKind: 'EXTERNAL', distributors: [[distributor, integration]] });
  ({ owner, tenants } = fx);
  await sql(`insert into organizations (id, kind, name) values ($1, 'PRINCIPAL', 'Principal')`, [principal]);
  await sql(`insert into integrations (id, organization_id, kind, name, state, updated_at) values ($1, $2, 'EXTERNAL', 'Second', 'ACTIVE', now())`, [
    otherIntegration,
    distributor,
  ]);
  await sql(
    `insert into principal_skus (id, organization_id, code, name, base_unit, conversions, updated_at)
     values ($1, $3, 'A', 'SKU A', 'PCS', '[{"unit":"DUS","factor":"12"}]', now()), ($2, $3, 'B', 'SKU B', 'PCS', '[]', now())`,
    [sku.a, sku.b, principal],
  );
}, 60_000);

afterAll(() => fx?.close());

describe('a principal’s SKU sums', () => {
  it('follow writes, mappings, units and the connection, always equal to the lines resolved now', async () => {
    // Lines written before the connection count from the moment it is made.
    await write('SALES_INVOICE', [doc('A', '2026-01-01T00:00:00Z', '2026-01-15', [['P1', 'DUS', '2.0000', '100.00']])]);
    expect(await expectKeptEqualsScratch()).toEqual([]);
    await sql(
      `insert into connections (id, principal_org_id, distributor_org_id, status, document_types, integration_ids) values ($1, $2, $3, 'CONNECTED', '{SALES_INVOICE,SALES_RETURN}', '{}')`,
      [connection, principal, distributor],
    );
    expect(await ofSku(null)).toMatchObject({ lines: 1, quantity: '0.0000' });

    await write('SALES_INVOICE', [
      doc('B', '2026-01-01T00:00:00Z', '2026-02-03', [
        ['P1', 'DUS', '1.0000', '50.00'],
        ['P2', 'PCS', '5.0000', '25.00'],
        ['P3', 'PAK', '3.0000', '30.00'],
      ]),
    ]);
    await write('SALES_RETURN', [doc('R', '2026-01-01T00:00:00Z', '2026-02-04', [['P1', 'dus ', '1.0000', '50.00']])]);
    await expectKeptEqualsScratch();

    // Mapping P1 to A: 4 DUS x 12 = 48 PCS, from unmapped to A at once.
    await map('P1', sku.a);
    expect(await ofSku(sku.a)).toEqual({ quantity: '48.0000', lines: 3, unconvertible: 0 });
    await map('P3', sku.b);
    // B has no PAK and P3 has no master data yet: unconvertible, never counted as 1.
    expect(await ofSku(sku.b)).toEqual({ quantity: '0.0000', lines: 1, unconvertible: 1 });
    await expectKeptEqualsScratch();

    // The distributor's product converts PAK (6 PCS): 18 PCS.
    await product(integration, 'P3', 'PCS', [{ unit: 'PAK', factor: '6' }], '2026-01-01T00:00:00Z');
    expect(await ofSku(sku.b)).toEqual({ quantity: '18.0000', lines: 1, unconvertible: 0 });
    // A newer product of the same code from another integration (PAK = 10) wins.
    await product(otherIntegration, 'P3', 'PCS', [{ unit: 'PAK', factor: '10' }], '2026-03-01T00:00:00Z');
    expect(await ofSku(sku.b)).toMatchObject({ quantity: '30.0000' });
    // The SKU's own conversion comes first.
    await sql(`update principal_skus set conversions = '[{"unit":"PAK","factor":"4"}]' where id = $1`, [sku.b]);
    expect(await ofSku(sku.b)).toMatchObject({ quantity: '12.0000' });
    await sql(`update principal_skus set conversions = '[]' where id = $1`, [sku.b]);
    await sql(`delete from products where integration_id = $1`, [otherIntegration]);
    expect(await ofSku(sku.b)).toMatchObject({ quantity: '18.0000' });
    await expectKeptEqualsScratch();

    // Remapping P1 to B, a new version of a document, a deleted mapping, a deleted SKU.
    await map('P1', sku.b);
    expect(await ofSku(sku.a)).toMatchObject({ lines: 0 });
    await write('SALES_INVOICE', [doc('B', '2026-01-02T00:00:00Z', '2026-03-09', [['P2', 'DUS', '2.0000', '20.00']])]);
    await map('P2', sku.a);
    expect(await ofSku(sku.a)).toMatchObject({ quantity: '24.0000', lines: 1 });
    await sql(`delete from product_mappings where product_code = 'P3'`);
    await expectKeptEqualsScratch();
    await sql(`delete from principal_skus where id = $1`, [sku.a]);
    expect(await ofSku(sku.a)).toMatchObject({ lines: 0 });
    await expectKeptEqualsScratch();

    // Revoked: nothing kept for it; connected again: all of it back.
    await sql(`update connections set status = 'REVOKED' where id = $1`, [connection]);
    expect(await sql(`select 1 from insight_sku_months_live where organization_id = $1`, [principal])).toEqual([]);
    await sql(`update connections set status = 'CONNECTED' where id = $1`, [connection]);
    expect((await expectKeptEqualsScratch()).length).toBeGreaterThan(0);

    await sql(`delete from documents where source_id = 'R'`);
    await expectKeptEqualsScratch();
  });

  it('a fold racing a mapping change counts what it folds under the mapping that committed', async () => {
    await map('P7', sku.b);
    await write('SALES_INVOICE', [doc('RACE', '2026-01-01T00:00:00Z', '2026-04-10', [['P7', 'PCS', '7.0000', '70.00']])]);
    const folder = new pg.Client({ connectionString: fx.db.ownerUrl });
    await folder.connect();
    try {
      // A fold moves the appended P7 line under the mapping to B and holds its transaction open;
      // the mapping moves P7 to "unmapped" meanwhile and must wait for it, then recompute.
      await folder.query('begin');
      expect((await folder.query<{ n: number }>('select insight_fold() as n')).rows[0]!.n).toBeGreaterThan(0);
      const unmapping = sql(`delete from product_mappings where organization_id = $1 and product_code = 'P7'`, [principal]);
      await new Promise((r) => setTimeout(r, 300));
      await folder.query('commit');
      await unmapping;
    } finally {
      await folder.end();
    }
    const [p7] = await sql(`select sku_id from insight_sku_months where organization_id = $1 and month = '2026-04-01' and amount = 70`, [principal]);
    expect(p7).toEqual({ sku_id: null });
    await expectKeptEqualsScratch();
  });

  it('cannot be written by the application role, and reads only what the connection grants', async () => {
    await expect(
      tenants.runAsOrg(principal, (tx) =>
        tx.$executeRawUnsafe(
          `insert into insight_sku_months (organization_id, month, type, currency, distributor_id, integration_id, lines, unconvertible_lines, quantity, amount)
           values ('${principal}', '2026-01-01', 'SALES_INVOICE', 'IDR', '${distributor}', '${integration}', 1, 0, 1, 1)`,
        ),
      ),
    ).rejects.toThrow();
    const types = () =>
      tenants.runAsOrg(principal, async (tx) =>
        (await tx.$queryRawUnsafe<{ type: string }[]>(`select distinct type::text from insight_sku_months order by 1`)).map((r) => r.type),
      );
    expect(await types()).toEqual(['SALES_INVOICE']);
    // Consent narrowed to returns (none kept now): nothing of the invoices is readable, though still kept.
    await sql(`update connections set document_types = '{SALES_RETURN}' where id = $1`, [connection]);
    expect(await types()).toEqual([]);
    expect((await sql(`select 1 from insight_sku_months where type = 'SALES_INVOICE'`)).length).toBeGreaterThan(0);
    // The roll-up holds only what is granted: the invoices leave it (and come back when granted again).
    const invoices = async () =>
      Number((await sql(`select coalesce(sum(lines), 0)::int as n from insight_principal_months_live where type = 'SALES_INVOICE'`))[0]!.n);
    expect(await invoices()).toBe(0);
    await expectKeptEqualsScratch();
    await sql(`update connections set document_types = '{SALES_INVOICE}', integration_ids = $2 where id = $1`, [connection, [otherIntegration]]);
    expect(await invoices()).toBe(0);
    await sql(`update connections set integration_ids = '{}' where id = $1`, [connection]);
    expect(await invoices()).toBeGreaterThan(0);
    await expectKeptEqualsScratch();
    // The distributor itself reads none of the principal's rows, not even its own lines while they are only appended;
    // the principal reads those (granted) as soon as they are written.
    await write('SALES_INVOICE', [doc('UNFOLDED', '2026-01-01T00:00:00Z', '2026-05-05', [['P2', 'PCS', '1.0000', '9.00']])]);
    for (const view of ['insight_sku_months', 'insight_sku_months_live', 'insight_principal_months_live'])
      expect(await tenants.runAsOrg(distributor, (tx) => tx.$queryRawUnsafe<unknown[]>(`select 1 from ${view}`)), view).toEqual([]);
    const may = (view: string) =>
      tenants.runAsOrg(principal, (tx) => tx.$queryRawUnsafe<{ amount: string }[]>(`select amount::text from ${view} where month = '2026-05-01'`));
    expect(await may('insight_sku_months_live')).toEqual([{ amount: '9.00' }]);
    expect(await may('insight_principal_months_live')).toEqual([{ amount: '9.00' }]);
    await expectKeptEqualsScratch();
  });
});
