import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { documentType, JOBS, QUEUES, syncJobId } from '@portal/contracts';
import { seedDemoData } from '@portal/db/seed';
import { Queue } from 'bullmq';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, register, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

const RIGHT_KEY = '446-bebaspakaivalueapapun';
const ADMIN = { email: 'admin.integrations@test.local', password: 'admin-password-123' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
// Not the default (2000): a job carrying it shows the API honoured its own SYNC_BACKOFF_MS.
const BACKOFF_MS = 7_321;

let dms: RunningSampleDms;
let t: TestApp;
let owner: OwnerSql;
let queue: Queue;
// A BullMQ prefix of this suite's own: no worker of another suite sees these jobs.
const QUEUE_PREFIX = `it_integrations_${randomBytes(4).toString('hex')}`;

/** The platform admin is created the way production creates it: by the seed, from ADMIN_EMAIL / ADMIN_PASSWORD. */
async function signInAdmin(app: TestApp): Promise<Agent> {
  await seedDemoData(app.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const admin = new Agent(app.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  return admin;
}

async function createDms(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'DMS' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Reads as the owner role, outside RLS: what the database really holds. */
class OwnerSql {
  private readonly prisma: PrismaClient;
  constructor(url: string) {
    this.prisma = createPrismaClient(url, { poolMax: 1 });
  }
  async query<T>(sql: string, params: unknown[] = []): Promise<{ rows: T[]; rowCount: number }> {
    const rows = await this.prisma.$queryRawUnsafe<T[]>(sql, ...params);
    return { rows, rowCount: rows.length };
  }
  end() {
    return this.prisma.$disconnect();
  }
}

/** What the database really holds for one integration (read as the owner role, outside RLS). */
async function stored(integrationId: string) {
  const row = await owner.query<{ state: string; dms_tenant_id: string | null; secret_cipher: string | null }>(
    'select state, dms_tenant_id, secret_cipher from integrations where id = $1::uuid',
    [integrationId],
  );
  const count = async (sql: string) => (await owner.query<{ n: number }>(sql, [integrationId])).rows[0]!.n;
  return {
    row: row.rows[0],
    templates: await count('select count(*)::int as n from model_templates where integration_id = $1::uuid'),
    syncRuns: await count('select count(*)::int as n from sync_runs where integration_id = $1::uuid'),
    outbox: await count(`select count(*)::int as n from outbox_events where payload->>'integrationId' = $1`),
    keyAudits: await count(`select count(*)::int as n from audit_events where target_id = $1::text and action like 'integration.access_key%'`),
  };
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 5 });
  t = await startTestApp('api_integrations', { DMS_BASE_URL: dms.url, QUEUE_PREFIX, SYNC_BACKOFF_MS: String(BACKOFF_MS) });
  owner = new OwnerSql(t.ownerUrl);
  queue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
});

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await owner?.end();
  await t?.close();
  await dms?.close();
});

describe('one DMS integration per distributor', () => {
  it('two concurrent DMS requests: exactly one 201, the other 409 DMS_INTEGRATION_EXISTS, one row in the database', async () => {
    // Several distributors, each racing two requests, so a lucky ordering cannot make this pass.
    for (let round = 0; round < 3; round++) {
      const { agent, orgId } = await register(t.app, 'DISTRIBUTOR');
      const answers = await Promise.all([
        agent.request('POST', '/api/integrations', { kind: 'DMS' }),
        agent.request('POST', '/api/integrations', { kind: 'DMS' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      expect(refused.body.error.code).toBe('DMS_INTEGRATION_EXISTS');
      expect(refused.body.error.message).toBe('This distributor already has a DMS integration; only one is allowed');
      const created = answers.find((a) => a.status === 201)!;
      expect(created.body).toMatchObject({ kind: 'DMS', state: 'AWAITING_ACCESS_KEY', accessKey: null });

      const dmsRows = await owner.query(`select id from integrations where organization_id = $1::uuid and kind = 'DMS'`, [orgId]);
      expect(dmsRows.rows).toEqual([{ id: created.body.id }]);
      // A later, unhurried attempt is refused the same way.
      const again = await agent.request('POST', '/api/integrations', { kind: 'DMS' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('DMS_INTEGRATION_EXISTS');
    }
  });

  it('allows any number of External integrations next to the DMS one', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    await createDms(agent);
    const externals = await Promise.all([1, 2, 3].map(() => agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' })));
    expect(externals.map((e) => e.status)).toEqual([201, 201, 201]);
    for (const e of externals) expect(e.body.apiKey).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    const list = await agent.request('GET', '/api/integrations');
    expect(list.body.data.map((i: { kind: string }) => i.kind).sort()).toEqual(['DMS', 'EXTERNAL', 'EXTERNAL', 'EXTERNAL']);
    // The ingestion key is shown once, at creation, never in a list.
    expect(JSON.stringify(list.body)).not.toContain(externals[0]!.body.apiKey);
  });

  it('refuses an SAP integration without its connection (it is only created once the connection passes the test)', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const sap = await agent.request('POST', '/api/integrations', { kind: 'SAP' });
    expect(sap.status).toBe(400);
    expect(sap.body.error.code).toBe('VALIDATION_FAILED');
    expect((await agent.request('GET', '/api/integrations')).body.data).toEqual([]);
  });
});

describe('admin AccessKeys', () => {
  let admin: Agent;
  beforeAll(async () => {
    admin = await signInAdmin(t);
  });

  it('only platform admins may set a key: distributor and principal 403, anonymous 401', async () => {
    const distributor = await register(t.app, 'DISTRIBUTOR');
    const principal = await register(t.app, 'PRINCIPAL');
    const id = await createDms(distributor.agent);
    const url = `/api/admin/integrations/${id}/access-key`;

    const asDistributor = await distributor.agent.request('PUT', url, { accessKey: RIGHT_KEY });
    expect(asDistributor.status).toBe(403);
    expect(asDistributor.body.error.code).toBe('FORBIDDEN');
    const asPrincipal = await principal.agent.request('PUT', url, { accessKey: RIGHT_KEY });
    expect(asPrincipal.status).toBe(403);
    expect(asPrincipal.body.error.code).toBe('FORBIDDEN');
    const anonymous = await new Agent(t.app).request('PUT', url, { accessKey: RIGHT_KEY });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await distributor.agent.request('GET', '/api/admin/integrations')).status).toBe(403);

    const after = await stored(id);
    expect(after.row).toEqual({ state: 'AWAITING_ACCESS_KEY', dms_tenant_id: null, secret_cipher: null });
    expect(after.templates).toBe(0);
  });

  it('lists DMS integrations with their distributor and state', async () => {
    const distributor = await register(t.app, 'DISTRIBUTOR');
    const id = await createDms(distributor.agent);
    await distributor.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    const list = await admin.request('GET', '/api/admin/integrations?kind=DMS');
    expect(list.status).toBe(200);
    expect(list.body.data.every((i: { kind: string }) => i.kind === 'DMS')).toBe(true);
    expect(list.body.data.find((i: { id: string }) => i.id === id)).toMatchObject({
      state: 'AWAITING_ACCESS_KEY',
      organization: { id: distributor.orgId, name: distributor.orgName },
    });
  });

  it('a malformed key is 400 naming the format {TenantId}-{PRINCIPAL_ACCESS_KEY}', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const id = await createDms(agent);
    for (const accessKey of ['bukan format', 'bebaspakaivalueapapun', '446-', 'abc-bebaspakaivalueapapun', '']) {
      const res = await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ACCESS_KEY_FORMAT');
      expect(res.body.error.message).toContain('{TenantId}-{PRINCIPAL_ACCESS_KEY}');
    }
    expect((await stored(id)).row).toEqual({ state: 'AWAITING_ACCESS_KEY', dms_tenant_id: null, secret_cipher: null });
  });

  it('a key the DMS refuses is 422 ACCESS_KEY_REJECTED and changes nothing', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const id = await createDms(agent);
    for (const accessKey of ['446-kunci-salah', '999-bebaspakaivalueapapun']) {
      const res = await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('ACCESS_KEY_REJECTED');
      expect(res.body.error.message).toMatch(/^The DMS rejected this AccessKey for tenant \d+/);
      expect(JSON.stringify(res.body)).not.toContain(accessKey.split('-').slice(1).join('-'));
    }
    const after = await stored(id);
    expect(after.row).toEqual({ state: 'AWAITING_ACCESS_KEY', dms_tenant_id: null, secret_cipher: null });
    expect(after).toMatchObject({ templates: 0, syncRuns: 0, outbox: 0, keyAudits: 0 });
    expect((await agent.request('GET', `/api/integrations/${id}`)).body).toMatchObject({ state: 'AWAITING_ACCESS_KEY', accessKey: null });
  });

  it('the right key: ACTIVE, five templates, key never returned, audited, first sync queued through the outbox', async () => {
    const distributor = await register(t.app, 'DISTRIBUTOR');
    const id = await createDms(distributor.agent);
    const res = await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey: RIGHT_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      state: 'ACTIVE',
      accessKey: { tenantId: '446', masked: '446-••••••••' },
      organization: { id: distributor.orgId, name: distributor.orgName },
    });

    // The key is never returned, to the admin or the distributor, in any answer.
    const answers = [
      res.body,
      (await admin.request('GET', '/api/admin/integrations')).body,
      (await distributor.agent.request('GET', `/api/integrations/${id}`)).body,
      (await distributor.agent.request('GET', '/api/integrations')).body,
    ];
    for (const a of answers) expect(JSON.stringify(a)).not.toContain('bebaspakai');
    expect(answers[2]).toMatchObject({ state: 'ACTIVE', accessKey: { tenantId: '446', masked: '446-••••••••' } });

    const templates = await distributor.agent.request('GET', `/api/integrations/${id}/model-templates`);
    expect(templates.status).toBe(200);
    expect(templates.body.data.map((m: { documentType: string }) => m.documentType).sort()).toEqual([...documentType.options].sort());
    for (const m of templates.body.data) expect(m).toMatchObject({ integrationId: id, version: 1, isCurrent: true });

    const db = await stored(id);
    expect(db.row!.dms_tenant_id).toBe('446');
    expect(db.row!.secret_cipher).toMatch(/^v1\./);
    expect(db.row!.secret_cipher).not.toContain('bebaspakai');
    expect(db.templates).toBe(5);

    const audit = await owner.query<{ action: string; actor_user_id: string; organization_id: string; metadata: unknown }>(
      `select action, actor_user_id, organization_id, metadata from audit_events where target_id = $1::text and action like 'integration.access_key%'`,
      [id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ action: 'integration.access_key_set', organization_id: distributor.orgId, metadata: { tenantId: '446' } });
    expect(JSON.stringify(audit.rows)).not.toContain('bebaspakai');

    // The first full sync: one INITIAL run per type, each announced by an outbox row and handed to BullMQ.
    // Beside them, one run each for the customers and products (docs/product/master-data.md).
    const runs = await owner.query<{ id: string; document_type: string | null; master_data_kind: string | null; status: string }>(
      `select id, document_type, master_data_kind, status from sync_runs where integration_id = $1::uuid and trigger = 'INITIAL'`,
      [id],
    );
    expect(runs.rows.flatMap((r) => (r.document_type ? [r.document_type] : [])).sort()).toEqual([...documentType.options].sort());
    expect(runs.rows.flatMap((r) => (r.master_data_kind ? [r.master_data_kind] : [])).sort()).toEqual(['CUSTOMER', 'PRODUCT']);
    expect(runs.rows.every((r) => r.status === 'QUEUED')).toBe(true);
    const outbox = await owner.query<{ kind: string; payload: { syncRunId: string; mode: string } }>(
      `select kind, payload from outbox_events where payload->>'integrationId' = $1`,
      [id],
    );
    expect(outbox.rows).toHaveLength(7);
    expect(outbox.rows.every((o) => (o.kind === JOBS.sync.name || o.kind === JOBS.masterData.name) && o.payload.mode === 'full')).toBe(true);
    expect(outbox.rows.map((o) => o.payload.syncRunId).sort()).toEqual(runs.rows.map((r) => r.id).sort());
    for (const run of runs.rows) {
      const job = await queue.getJob(syncJobId(run.id));
      expect(job?.data).toMatchObject({ integrationId: id, syncRunId: run.id, mode: 'full' });
    }

    // Rotating the key later is its own audit event; the integration stays ACTIVE.
    const rotate = await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey: RIGHT_KEY });
    expect(rotate.status).toBe(200);
    expect(rotate.body.state).toBe('ACTIVE');
    const actions = await owner.query<{ action: string }>(
      `select action from audit_events where target_id = $1::text and action like 'integration.access_key%' order by created_at`,
      [id],
    );
    expect(actions.rows.map((r) => r.action)).toEqual(['integration.access_key_set', 'integration.access_key_rotated']);
  });

  it('refuses keys for integrations that are not DMS, and unknown ids with 404', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const external = (await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' })).body.id;
    const res = await admin.request('PUT', `/api/admin/integrations/${external}/access-key`, { accessKey: RIGHT_KEY });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
    const unknown = await admin.request('PUT', '/api/admin/integrations/00000000-0000-4000-8000-000000000000/access-key', { accessKey: RIGHT_KEY });
    expect(unknown.status).toBe(404);
  });
});

describe('sync jobs the API queues retry with SYNC_BACKOFF_MS', () => {
  let admin: Agent;
  beforeAll(async () => {
    admin = await signInAdmin(t);
  });

  /** The retry policy of the BullMQ job of each run the answer says was queued. */
  async function backoffOf(answer: { status: number; body: { queued: { syncRunId: string }[] } }) {
    expect(answer.status).toBe(202);
    expect(answer.body.queued.length).toBeGreaterThan(0);
    return Promise.all(answer.body.queued.map(async (q) => (await queue.getJob(syncJobId(q.syncRunId)))?.opts.backoff));
  }

  it('sync now and the retry of a FAILED run: each job backs off by the configured delay, not the default', async () => {
    const distributor = await register(t.app, 'DISTRIBUTOR');
    const id = await createDms(distributor.agent);
    expect((await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey: RIGHT_KEY })).status).toBe(200);
    // No worker in this suite: end the first sync's runs as if it had failed, so new runs may start.
    await owner.query(`update sync_runs set status = 'FAILED', finished_at = now() where integration_id = $1::uuid`, [id]);
    const failed = (await owner.query<{ id: string }>(`select id from sync_runs where integration_id = $1::uuid and document_type = 'SALES_ORDER'`, [id]))
      .rows[0]!;

    const manual = await backoffOf(await distributor.agent.request('POST', `/api/integrations/${id}/sync`, { mode: 'incremental' }));
    expect(manual).toHaveLength(5);
    for (const backoff of manual) expect(backoff).toMatchObject({ type: 'exponential', delay: BACKOFF_MS });

    await owner.query(`update sync_runs set status = 'SUCCEEDED', finished_at = now() where integration_id = $1::uuid and trigger = 'MANUAL'`, [id]);
    const retry = await distributor.agent.request('POST', `/api/integrations/${id}/sync-runs/${failed.id}/retry`);
    expect(retry.body.queued).toEqual([{ syncRunId: expect.any(String), documentType: 'SALES_ORDER' }]);
    expect(await backoffOf(retry)).toEqual([expect.objectContaining({ type: 'exponential', delay: BACKOFF_MS })]);
  });
});

describe('isolation between distributors', () => {
  it("answers another distributor's integration ids with 404 and never lists them", async () => {
    const admin = await signInAdmin(t);
    const a = await register(t.app, 'DISTRIBUTOR');
    const b = await register(t.app, 'DISTRIBUTOR');
    const dmsId = await createDms(a.agent);
    expect((await admin.request('PUT', `/api/admin/integrations/${dmsId}/access-key`, { accessKey: RIGHT_KEY })).status).toBe(200);
    const externalId = (await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'Gudang Rahasia A' })).body.id;
    const ownOfB = await createDms(b.agent);

    for (const id of [dmsId, externalId]) {
      const attempts = [
        await b.agent.request('GET', `/api/integrations/${id}`),
        await b.agent.request('GET', `/api/integrations/${id}/model-templates`),
        await b.agent.request('GET', `/api/integrations/${id}/sync-runs`),
        await b.agent.request('POST', `/api/integrations/${id}/sync`, { mode: 'full' }),
        await b.agent.request('POST', `/api/integrations/${id}/disable`),
        await b.agent.request('DELETE', `/api/integrations/${id}`),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        expect(JSON.stringify(res.body)).not.toMatch(/446|Gudang Rahasia|SimpliDOTS/);
      }
    }
    const listOfB = await b.agent.request('GET', '/api/integrations');
    expect(listOfB.body.data.map((i: { id: string }) => i.id)).toEqual([ownOfB]);

    // Nothing B tried had any effect on A's integrations.
    const db = await stored(dmsId);
    expect(db.row!.state).toBe('ACTIVE');
    expect(db.templates).toBe(5);
    expect(db.syncRuns).toBe(7);
    const listOfA = await a.agent.request('GET', '/api/integrations');
    expect(listOfA.body.data.map((i: { id: string }) => i.id).sort()).toEqual([dmsId, externalId].sort());
  });

  it('principals cannot use the distributor integration endpoints', async () => {
    const principal = await register(t.app, 'PRINCIPAL');
    expect((await principal.agent.request('GET', '/api/integrations')).status).toBe(403);
    expect((await principal.agent.request('POST', '/api/integrations', { kind: 'DMS' })).status).toBe(403);
  });
});

describe('DMS unreachable', () => {
  let down: TestApp;
  beforeAll(async () => {
    down = await startTestApp('api_integrations_dms_down', { DMS_BASE_URL: `http://127.0.0.1:${await closedPort()}`, QUEUE_PREFIX });
  });
  afterAll(async () => {
    await down?.close();
  });

  it('answers 424 DMS_UNREACHABLE and leaves the integration exactly as it was', async () => {
    const admin = await signInAdmin(down);
    const { agent } = await register(down.app, 'DISTRIBUTOR');
    const id = await createDms(agent);
    const res = await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey: RIGHT_KEY });
    expect(res.status).toBe(424);
    expect(res.body.error.code).toBe('DMS_UNREACHABLE');
    expect(res.body.error.message).toMatch(/^Could not reach the DMS to verify the key .*nothing was changed$/);
    expect(JSON.stringify(res.body)).not.toContain('bebaspakai');

    const check = new OwnerSql(down.ownerUrl);
    try {
      const row = await check.query('select state, dms_tenant_id, secret_cipher from integrations where id = $1::uuid', [id]);
      expect(row.rows[0]).toEqual({ state: 'AWAITING_ACCESS_KEY', dms_tenant_id: null, secret_cipher: null });
      expect((await check.query('select 1 from model_templates where integration_id = $1::uuid', [id])).rowCount).toBe(0);
      expect((await check.query('select 1 from sync_runs where integration_id = $1::uuid', [id])).rowCount).toBe(0);
    } finally {
      await check.end();
    }
    expect((await agent.request('GET', `/api/integrations/${id}`)).body).toMatchObject({ state: 'AWAITING_ACCESS_KEY', accessKey: null });
  });
});
