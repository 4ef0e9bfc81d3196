import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeDatabaseRole, createPrismaClient, type PrismaClient, TenantDb } from '../src';
import { migrateDeploy } from '../src/migrate';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

let db: TestDatabase;
let owner: pg.Client;
let app: PrismaClient;
let tenants: TenantDb;
const orgs: string[] = [];
const integrationsByOrg = new Map<string, string[]>();

async function insertOrg(kind: 'DISTRIBUTOR' | 'PRINCIPAL') {
  const id = randomUUID();
  await owner.query(`insert into organizations (id, kind, name) values ($1, $2, $3)`, [id, kind, `Org ${id.slice(0, 6)}`]);
  return id;
}

async function insertDocument(orgId: string, integrationId: string, type: string, n: number) {
  const id = randomUUID();
  await owner.query(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, subtotal, discount, tax, total, source_updated_at, template_version, line_count)
     values ($1, $2, $3, $4, $5, $6, '2024-01-0${(n % 9) + 1}', 100, 0, 11, 111, now(), 1, 1)`,
    [id, orgId, integrationId, type, `src-${n}`, `NO-${n}`],
  );
  await owner.query(
    `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
     values ($1, 1, $2, $3, $4, 'P1', 1, 'PCS', 1, 100, 0, 11, 111)`,
    [id, orgId, type, integrationId],
  );
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase('db_rls');
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  for (let i = 0; i < 10; i++) {
    const org = await insertOrg('DISTRIBUTOR');
    orgs.push(org);
    const ids: string[] = [];
    for (let j = 0; j < 3; j++) {
      const id = randomUUID();
      await owner.query(`insert into integrations (id, organization_id, kind, name, state, updated_at) values ($1, $2, 'EXTERNAL', $3, 'ACTIVE', now())`, [
        id,
        org,
        `ext-${j}`,
      ]);
      ids.push(id);
    }
    integrationsByOrg.set(org, ids);
  }
  app = createPrismaClient(db.appUrl, { poolMax: 3 });
  tenants = new TenantDb(app);
});

afterAll(async () => {
  await app?.$disconnect();
  await owner?.end();
  await db?.drop();
});

describe('migrations', () => {
  it('a second deploy applies nothing and leaves the same schema', async () => {
    const before = await owner.query(`select count(*)::int as n from pg_policies`);
    const again = await migrateDeploy(db.ownerUrl, db.appUrl);
    expect(again.applied).toEqual([]);
    expect(again.created).toBe(false);
    const after = await owner.query(`select count(*)::int as n from pg_policies`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('the application role has JIT off (the RLS subplans would make Postgres JIT-compile small queries)', async () => {
    const { rows } = await owner.query(`select s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = 'portal_app'`);
    expect(rows.flatMap((r) => r.setconfig)).toContain('jit=off');
    // A server applies it at login; PGlite stores it but has no JIT, and its connections share one session.
    if (process.env.TEST_DATABASE !== 'embedded') {
      const [row] = await app.$queryRaw<{ jit: string }[]>`show jit`;
      expect(row?.jit).toBe('off');
    }
  });

  it('every tenant table has RLS enabled and forced, and an index leading with its organisation', async () => {
    const { rows } = await owner.query(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity,
             exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                      where i.indrelid = c.oid and a.attname in ('organization_id', 'id', 'principal_org_id')) as org_index
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and c.relname <> '_prisma_migrations'`);
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const r of rows) expect(r, r.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true, org_index: true });
  });
});

describe('row-level security', () => {
  it("a query with no organisation filter returns only the caller's rows", async () => {
    const [a] = orgs;
    const rows = await tenants.runAsOrg(a!, (tx) => tx.integration.findMany());
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.organizationId))).toEqual(new Set([a]));
  });

  it('outside any organisation nothing is visible', async () => {
    expect(await app.integration.count()).toBe(0);
    expect(await app.organization.count()).toBe(0);
  });

  it("another organisation's row is invisible, unchangeable and cannot be written into", async () => {
    const [a, b] = orgs as [string, string];
    const foreign = integrationsByOrg.get(b)![0]!;
    await tenants.runAsOrg(a, async (tx) => {
      expect(await tx.integration.findUnique({ where: { id: foreign } })).toBeNull();
      expect((await tx.integration.updateMany({ where: { id: foreign }, data: { name: 'pwned' } })).count).toBe(0);
      expect((await tx.integration.deleteMany({ where: { id: foreign } })).count).toBe(0);
    });
    await expect(
      tenants.runAsOrg(a, (tx) => tx.integration.create({ data: { organizationId: b, kind: 'EXTERNAL', name: 'x', state: 'ACTIVE' } })),
    ).rejects.toThrow();
    const { rows } = await owner.query(`select name from integrations where id = $1`, [foreign]);
    expect(rows[0].name).toBe('ext-0');
  });

  it('never leaks the organisation across pooled connections (500 interleaved requests, pool of 3)', async () => {
    let foreignRows = 0;
    let total = 0;
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => {
        const org = orgs[i % orgs.length]!;
        return tenants.runAsOrg(org, async (tx) => {
          const rows = await tx.integration.findMany({ select: { organizationId: true } });
          // Yield inside the transaction so requests really interleave.
          await new Promise((r) => setImmediate(r));
          const again = await tx.organization.findMany({ select: { id: true } });
          total += rows.length + again.length;
          foreignRows += rows.filter((r) => r.organizationId !== org).length + again.filter((o) => o.id !== org).length;
        });
      }),
    );
    expect(total).toBe(500 * 4);
    expect(foreignRows).toBe(0);
    // And nothing stays set on the pooled connections afterwards.
    expect(await app.integration.count()).toBe(0);
  });

  it('login lookup sees exactly one user by email', async () => {
    const [a, b] = orgs as [string, string];
    for (const [org, email] of [
      [a, 'one@x.test'],
      [b, 'two@x.test'],
    ] as const) {
      await owner.query(`insert into users (id, organization_id, email, name, password_hash) values (gen_random_uuid(), $1, $2, 'U', 'h')`, [org, email]);
    }
    const seen = await tenants.runForLogin('one@x.test', (tx) => tx.user.findMany());
    expect(seen.map((u) => u.email)).toEqual(['one@x.test']);
  });

  it('the platform admin path sees across tenants and is audited', async () => {
    const adminOrg = randomUUID();
    await owner.query(`insert into organizations (id, kind, name) values ($1, 'PLATFORM', 'Admin')`, [adminOrg]);
    const actor = { userId: randomUUID(), organizationId: adminOrg };
    const n = await tenants.runAsPlatformAdmin(actor, 'test: count integrations', (tx) => tx.integration.count());
    expect(n).toBe(30);
    const audit = await owner.query(`select action, metadata from audit_events where organization_id = $1`, [adminOrg]);
    expect(audit.rows).toEqual([{ action: 'platform_admin.access', metadata: { reason: 'test: count integrations' } }]);
  });

  it('the invite expiry path reads pending member invites of every organisation and may only expire them and audit that', async () => {
    const [a, b] = [orgs[2]!, orgs[3]!];
    const invite = async (org: string, status: string) => {
      const id = randomUUID();
      await owner.query(
        `insert into member_invites (id, organization_id, email, role, token_hash, status, expires_at, created_by_id, created_by_name)
         values ($1, $2, $3, 'MEMBER', $4, $5::"InviteStatus", now() - interval '1 day', gen_random_uuid(), 'Budi')`,
        [id, org, `${id}@x.test`, id, status],
      );
      return id;
    };
    const [pendingA, pendingB, accepted] = [await invite(a, 'PENDING'), await invite(b, 'PENDING'), await invite(a, 'ACCEPTED')];
    const mine = [pendingA, pendingB, accepted];

    const seen = await tenants.runAsInviteExpiry((tx) => tx.memberInvite.findMany({ where: { id: { in: mine } } }));
    expect(seen.map((i) => i.id).sort()).toEqual([pendingA, pendingB].sort());
    // Anything but PENDING → EXPIRED is refused, and so is touching an accepted invite.
    await expect(tenants.runAsInviteExpiry((tx) => tx.memberInvite.update({ where: { id: pendingA }, data: { status: 'ACCEPTED' } }))).rejects.toThrow(
      /row-level security/,
    );
    await expect(tenants.runAsInviteExpiry((tx) => tx.memberInvite.updateMany({ where: { id: accepted }, data: { status: 'EXPIRED' } }))).resolves.toEqual({
      count: 0,
    });
    await expect(
      tenants.runAsInviteExpiry((tx) =>
        tx.auditEvent.createMany({ data: [{ organizationId: a, action: 'member.removed', targetType: 'member_invite', targetId: pendingA }] }),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      tenants.runAsInviteExpiry((tx) =>
        tx.auditEvent.createMany({
          data: [{ organizationId: a, actorUserId: randomUUID(), action: 'member.invite_expired', targetType: 'member_invite', targetId: pendingA }],
        }),
      ),
    ).rejects.toThrow(/row-level security/);

    await tenants.runAsInviteExpiry(async (tx) => {
      expect(await tx.memberInvite.updateMany({ where: { id: { in: mine }, status: 'PENDING' }, data: { status: 'EXPIRED' } })).toEqual({ count: 2 });
      await tx.auditEvent.createMany({
        data: [pendingA, pendingB].map((id, i) => ({ organizationId: [a, b][i]!, action: 'member.invite_expired', targetType: 'member_invite', targetId: id })),
      });
    });
    const rows = await owner.query(`select id, status from member_invites where id = any($1) order by status, id`, [mine]);
    expect(Object.fromEntries(rows.rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [pendingA]: 'EXPIRED',
      [pendingB]: 'EXPIRED',
      [accepted]: 'ACCEPTED',
    });
  });
});

describe('webhook sweep path', () => {
  it('reads PENDING webhook messages of every organisation and nothing else, and changes nothing', async () => {
    const [a, b] = [orgs[4]!, orgs[5]!];
    const message = async (org: string, status: string) => {
      const endpoint = randomUUID();
      await owner.query(
        `insert into webhook_endpoints (id, organization_id, url, event_types, secret_sealed, updated_at) values ($1, $2, 'https://x.test/', '{sync_run.finished}', 's', now())`,
        [endpoint, org],
      );
      const id = `msg_${randomUUID()}`;
      await owner.query(
        `insert into webhook_messages (id, organization_id, endpoint_id, event_id, event_type, payload, status, next_attempt_at)
         values ($1, $2, $3, $4, 'sync_run.finished', '{}', $5, now() - interval '1 minute')`,
        [id, org, endpoint, `evt_${id}`, status],
      );
      return id;
    };
    const [pendingA, pendingB, failedA] = [await message(a, 'PENDING'), await message(b, 'PENDING'), await message(a, 'FAILED')];

    const seen = await tenants.runAsWebhookSweep((tx) => tx.webhookMessage.findMany({ where: { id: { in: [pendingA, pendingB, failedA] } } }));
    expect(seen.map((m) => m.id).sort()).toEqual([pendingA, pendingB].sort());
    await expect(tenants.runAsWebhookSweep((tx) => tx.webhookMessage.updateMany({ where: { id: pendingA }, data: { status: 'SUCCEEDED' } }))).resolves.toEqual({
      count: 0,
    });
    expect(await tenants.runAsWebhookSweep((tx) => tx.webhookEndpoint.count())).toBe(0);
    expect(await tenants.runAsWebhookSweep((tx) => tx.webhookAttempt.count())).toBe(0);
  });
});

describe('connection scope', () => {
  it('a principal reads only CONNECTED distributors, only consented types and chosen integrations', async () => {
    const principal = await insertOrg('PRINCIPAL');
    const stranger = await insertOrg('PRINCIPAL');
    const [d1, d2] = orgs as [string, string];
    const [i1, i2] = integrationsByOrg.get(d1)! as [string, string];
    const soFromI1 = await insertDocument(d1, i1, 'SALES_ORDER', 1);
    await insertDocument(d1, i2, 'SALES_ORDER', 2);
    await insertDocument(d1, i1, 'SALES_INVOICE', 3);
    await insertDocument(d2, integrationsByOrg.get(d2)![0]!, 'SALES_ORDER', 4);
    const conn = randomUUID();
    await owner.query(
      `insert into connections (id, principal_org_id, distributor_org_id, status, document_types, integration_ids)
       values ($1, $2, $3, 'CONNECTED', '{SALES_ORDER}', $4)`,
      [conn, principal, d1, [i1]],
    );
    const visible = await tenants.runAsOrg(principal, (tx) => tx.document.findMany({ select: { id: true } }));
    expect(visible.map((d) => d.id)).toEqual([soFromI1]);
    const lines = await tenants.runAsOrg(principal, (tx) => tx.documentLine.findMany({ select: { documentId: true } }));
    expect(lines.map((l) => l.documentId)).toEqual([soFromI1]);
    // The kept totals follow the same scope: one SALES_ORDER of i1, of all time, by day and by month.
    const ever = await tenants.runAsOrg(principal, (tx) =>
      tx.documentTotal.findMany({ select: { organizationId: true, integrationId: true, type: true, documents: true } }),
    );
    expect(ever).toEqual([{ organizationId: d1, integrationId: i1, type: 'SALES_ORDER', documents: 1 }]);
    const days = await tenants.runAsOrg(principal, (tx) =>
      tx.documentDayTotal.findMany({ select: { organizationId: true, integrationId: true, type: true, documents: true } }),
    );
    expect(days).toEqual([{ organizationId: d1, integrationId: i1, type: 'SALES_ORDER', documents: 1 }]);
    const months = await tenants.runAsOrg(principal, (tx) => tx.documentMonthTotal.findMany({ select: { integrationId: true, type: true, documents: true } }));
    expect(months).toEqual([{ integrationId: i1, type: 'SALES_ORDER', documents: 1 }]);
    // read-only: the principal cannot change what it can see
    const changed = await tenants.runAsOrg(principal, (tx) => tx.document.updateMany({ data: { number: 'x' } }));
    expect(changed.count).toBe(0);
    // its distributor's name is visible, other organisations are not
    const names = await tenants.runAsOrg(principal, (tx) => tx.organization.findMany({ select: { id: true } }));
    expect(new Set(names.map((o) => o.id))).toEqual(new Set([principal, d1]));

    expect(await tenants.runAsOrg(stranger, (tx) => tx.document.count())).toBe(0);

    await owner.query(`update connections set status = 'REVOKED' where id = $1`, [conn]);
    expect(await tenants.runAsOrg(principal, (tx) => tx.document.count())).toBe(0);
  });
});

describe('kept document totals', () => {
  it('are written only by the documents triggers: the application role cannot forge or change one', async () => {
    const [d1] = orgs as [string];
    const [i1] = integrationsByOrg.get(d1)! as [string];
    await insertDocument(d1, i1, 'PURCHASE_ORDER', 9);
    const forge = tenants.runAsOrg(d1, (tx) =>
      tx.documentDayTotal.create({
        data: { organizationId: d1, date: new Date('2024-03-01'), type: 'PURCHASE_ORDER', integrationId: i1, currency: 'IDR', documents: 1, amount: 1 },
      }),
    );
    await expect(forge).rejects.toThrow(/row-level security/);
    const bumped = await tenants.runAsOrg(d1, (tx) => tx.documentMonthTotal.updateMany({ data: { documents: 1000 } }));
    expect(bumped.count).toBe(0);
    const own = await tenants.runAsOrg(d1, (tx) => tx.documentMonthTotal.findMany({ where: { type: 'PURCHASE_ORDER' }, select: { documents: true } }));
    expect(own).toEqual([{ documents: 1 }]);
  });
});

describe('boot check', () => {
  it('passes for the application role and refuses a superuser', async () => {
    await expect(assertSafeDatabaseRole(app)).resolves.toBeUndefined();
    const su = createPrismaClient(db.ownerUrl, { poolMax: 1 });
    try {
      await expect(assertSafeDatabaseRole(su)).rejects.toThrow(/superuser/);
    } finally {
      await su.$disconnect();
    }
  });

  it('lets a superuser through only for pnpm bench:api (UNSAFE_BYPASS_RLS_FOR_BENCHMARK=1), never in production', async () => {
    const su = createPrismaClient(db.ownerUrl, { poolMax: 1 });
    try {
      await expect(assertSafeDatabaseRole(su, { NODE_ENV: 'production', UNSAFE_BYPASS_RLS_FOR_BENCHMARK: '1' })).rejects.toThrow(/bench:api only/);
      await expect(assertSafeDatabaseRole(su, { NODE_ENV: 'test', UNSAFE_BYPASS_RLS_FOR_BENCHMARK: 'true' })).rejects.toThrow(/bench:api only/);
      await expect(assertSafeDatabaseRole(su, { NODE_ENV: 'test', UNSAFE_BYPASS_RLS_FOR_BENCHMARK: '' })).rejects.toThrow(/superuser/);
      await expect(assertSafeDatabaseRole(su, { NODE_ENV: 'test', UNSAFE_BYPASS_RLS_FOR_BENCHMARK: '1' })).resolves.toBeUndefined();
    } finally {
      await su.$disconnect();
    }
  });
});
