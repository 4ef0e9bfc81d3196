import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { documentType, type ModelTemplate, type ModelTemplateDetail, QUEUES, type SapConnection, sapConnection } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { appDatabaseUrl, createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, register, type RunningSampleSap, startSampleSap, startWorkerProcess, type WorkerProcess } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// SPEC 5b against the sample SAP (its fixed demo facts): the connect form's
// test, creating an SAP integration only once its connection passes, the
// outbound-address guard, re-authentication, tenant isolation and the
// rotation of the sealed connection.
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_sap_${randomBytes(4).toString('hex')}`;
const ADMIN = { email: 'admin.sap@test.local', password: 'admin-password-123' };
const OLD = `old1:${randomBytes(32).toString('base64')}`;
const NEW = `new2:${randomBytes(32).toString('base64')}`;
const S4_PASSWORD = 'Sap#Demo100';
const OAUTH_SECRET = 'Sap#Secret100';
const B1_PASSWORD = 'B1#Demo1';
const GUARD_RATE_LIMIT = 3;

let sap: RunningSampleSap;
/** Private addresses allowed (the sample SAP is local), as in development. */
let t: TestApp;
/** OUTBOUND_ALLOW_PRIVATE=false, as in production. */
let guarded: TestApp;
let owner: PrismaClient;

const s4Basic = (password = S4_PASSWORD, extra: Partial<SapConnection> = {}): SapConnection =>
  sapConnection.parse({
    product: 'S4HANA',
    baseUrl: sap.url,
    sapClient: '100',
    auth: { type: 'BASIC', username: 'PORTAL_COMM_100', password },
    ...extra,
  });
const s4OAuth = (): SapConnection =>
  sapConnection.parse({
    product: 'S4HANA',
    baseUrl: sap.url,
    sapClient: '100',
    auth: {
      type: 'OAUTH2_CLIENT_CREDENTIALS',
      tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
      clientId: 'PORTAL_CLIENT_100',
      clientSecret: OAUTH_SECRET,
    },
  });
const b1 = (password = B1_PASSWORD): SapConnection =>
  sapConnection.parse({ product: 'BUSINESS_ONE', baseUrl: sap.url, companyDb: 'SBODEMOID', username: 'manager', password });

/** No answer, stored row or audit event may carry a secret of the connection. */
function expectNoSecret(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of [S4_PASSWORD, OAUTH_SECRET, B1_PASSWORD, 'wrong-password']) expect(text).not.toContain(secret);
}

async function storedOf(integrationId: string) {
  const [row] = await owner.$queryRawUnsafe<{ state: string; secret_cipher: string | null; settings: unknown; state_reason_code: string | null }[]>(
    'select state, secret_cipher, settings, state_reason_code from integrations where id = $1::uuid',
    integrationId,
  );
  const templates = await owner.$queryRawUnsafe<{ id: string; document_type: string }[]>(
    'select id, document_type::text from model_templates where integration_id = $1::uuid and is_current order by document_type',
    integrationId,
  );
  const runs = await owner.$queryRawUnsafe<{ document_type: string; status: string; trigger: string }[]>(
    'select document_type::text, status::text, trigger::text from sync_runs where integration_id = $1::uuid order by document_type, queued_at',
    integrationId,
  );
  const outbox = await owner.$queryRawUnsafe<{ n: number }[]>(
    `select count(*)::int as n from outbox_events where payload->>'integrationId' = $1`,
    integrationId,
  );
  const audits = await owner.$queryRawUnsafe<{ action: string; metadata: unknown }[]>(
    'select action, metadata from audit_events where target_id = $1 order by created_at',
    integrationId,
  );
  return { row, templates, runs, outbox: outbox[0]!.n, audits };
}

async function countOf(sql: string, ...params: unknown[]) {
  return (await owner.$queryRawUnsafe<{ n: number }[]>(sql, ...params))[0]!.n;
}

async function createSap(agent: Agent, connection: SapConnection, name = 'SAP Jakarta') {
  return agent.request('POST', '/api/integrations', { kind: 'SAP', name, sap: connection });
}

beforeAll(async () => {
  sap = await startSampleSap({ port: 0, docsPerType: 5 });
  // Short retry delays: a run SAP keeps failing gives up after its attempts within seconds.
  t = await startTestApp('api_sap', { QUEUE_PREFIX, ENCRYPTION_KEYS: OLD, SAP_TEST_TIMEOUT_MS: '5000', SYNC_BACKOFF_MS: '100' });
  guarded = await startTestApp('api_sap_guard', {
    QUEUE_PREFIX,
    OUTBOUND_ALLOW_PRIVATE: 'false',
    SAP_TEST_RATE_LIMIT_MAX: String(GUARD_RATE_LIMIT),
    SAP_TEST_TIMEOUT_MS: '2000',
  });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 1 });
}, 120_000);

afterAll(async () => {
  await new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX }).obliterate({ force: true });
  await owner?.$disconnect();
  await guarded?.close();
  await t?.close();
  await sap?.close();
});

describe('POST /api/integrations/sap/test', () => {
  it('reports every service of S/4HANA reachable with the Basic user, field by field, and stores nothing', async () => {
    const { agent, orgId } = await register(t.app, 'DISTRIBUTOR');
    const res = await agent.request('POST', '/api/integrations/sap/test', { sap: s4Basic() });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.services.map((s: { documentType: string }) => s.documentType).sort()).toEqual([...documentType.options].sort());
    for (const s of res.body.services) expect(s).toMatchObject({ status: 'REACHABLE', error: null });
    const orders = res.body.services.find((s: { documentType: string }) => s.documentType === 'SALES_ORDER');
    expect(orders).toMatchObject({ service: 'API_SALES_ORDER_SRV', entitySet: 'A_SalesOrder' });
    expect(orders.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['SalesOrder', 'SoldToParty', 'TransactionCurrency']));
    expectNoSecret(res.body);
    expect(await countOf('select count(*)::int as n from integrations where organization_id = $1::uuid', orgId)).toBe(0);
  });

  it("says which services refused a wrong password (CREDENTIALS_REFUSED, with SAP's 401) instead of failing the request", async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const res = await agent.request('POST', '/api/integrations/sap/test', { sap: s4Basic('wrong-password') });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.services.length).toBe(5);
    for (const s of res.body.services) expect(s).toMatchObject({ status: 'CREDENTIALS_REFUSED', httpStatus: 401, fields: [] });
    expectNoSecret(res.body);
  });

  it('reports an address that is not an SAP as missing or unreachable services', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const res = await agent.request('POST', '/api/integrations/sap/test', { sap: s4Basic(S4_PASSWORD, { baseUrl: `${sap.url}/not-sap` }) });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    for (const s of res.body.services) expect(['SERVICE_MISSING', 'UNREACHABLE']).toContain(s.status);
  });

  it('tests Business One through its Service Layer login', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const good = await agent.request('POST', '/api/integrations/sap/test', { sap: b1() });
    expect(good.status).toBe(200);
    expect(good.body.ok).toBe(true);
    const wrong = await agent.request('POST', '/api/integrations/sap/test', { sap: b1('wrong-password') });
    expect(wrong.body.ok).toBe(false);
    expect(wrong.body.services.map((s: { status: string }) => s.status)).toContain('CREDENTIALS_REFUSED');
  });
});

describe('POST /api/integrations with kind SAP', () => {
  it('creates it ACTIVE with templates from its own metadata, the first sync queued, and settings without any secret', async () => {
    const { agent, orgId } = await register(t.app, 'DISTRIBUTOR');
    const res = await createSap(agent, s4Basic());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'SAP',
      name: 'SAP Jakarta',
      state: 'ACTIVE',
      accessKey: null,
      sap: {
        product: 'S4HANA',
        baseUrl: sap.url,
        sapClient: '100',
        companyDb: null,
        authType: 'BASIC',
        principal: 'PORTAL_COMM_100',
        tokenUrl: null,
        documentTypes: documentType.options,
      },
    });
    expectNoSecret(res.body);
    const id = res.body.id as string;

    const stored = await storedOf(id);
    expect(stored.row?.state).toBe('ACTIVE');
    expect(stored.row?.secret_cipher).toMatch(/^v1\.old1\./);
    expect(stored.templates.map((x) => x.document_type).sort()).toEqual(['PURCHASE_INVOICE', 'PURCHASE_ORDER', 'SALES_INVOICE', 'SALES_ORDER', 'SALES_RETURN']);
    // One run per document type, and the customers and products runs beside them (SAP offers none yet: they end "not offered").
    expect(stored.runs).toHaveLength(7);
    for (const r of stored.runs) expect(r).toMatchObject({ status: 'QUEUED', trigger: 'INITIAL' });
    expect(stored.outbox).toBe(7);
    expect(stored.audits.map((a) => a.action)).toEqual(['integration.sap_connected']);
    expectNoSecret(stored.audits);
    expectNoSecret(stored.row?.settings);
    // The sealed secret is the whole connection, opened with the integration's id only.
    expect(sapConnection.parse(JSON.parse(SecretBox.fromConfig(OLD).decrypt(stored.row!.secret_cipher!, id)))).toEqual(s4Basic());

    // Lists and reads show the same settings; the templates answer from their own route.
    for (const answer of [await agent.request('GET', '/api/integrations'), await agent.request('GET', `/api/integrations/${id}`)]) {
      expect(answer.status).toBe(200);
      expectNoSecret(answer.body);
    }
    expect((await agent.request('GET', `/api/integrations/${id}`)).body.sap).toEqual(res.body.sap);
    const templates = await agent.request('GET', `/api/integrations/${id}/model-templates`);
    expect(templates.body.data).toHaveLength(5);
    expectNoSecret(templates.body);
    // Each mapped path carries SAP's own sap:label as its display name; SAP's billing EDMX gives the gross amount none.
    const invoice = (templates.body.data as ModelTemplate[]).find((x) => x.documentType === 'SALES_INVOICE')!;
    expect(invoice.rules).toMatchObject({ header: expect.arrayContaining([expect.objectContaining({ target: 'total', source: '$.TotalGrossAmount' })]) });
    expect(invoice.fieldLabels.header).toMatchObject({ '$.TotalNetAmount': 'Net Value', '$.TaxAmount': 'Tax Amount', '$.SoldToParty': 'Sold-to Party' });
    expect(invoice.fieldLabels.header).not.toHaveProperty(['$.TotalGrossAmount']);
    expect(invoice.fieldLabels.lines).toMatchObject({ '$.Material': 'Material', '$.BillingQuantity': 'Billed Quantity', '$.NetAmount': 'Net Value' });
    const runs = await agent.request('GET', `/api/integrations/${id}/sync-runs`);
    expect(runs.body.data.filter((r: { documentType: string | null }) => r.documentType)).toHaveLength(5);
    expect(
      runs.body.data
        .map((r: { masterDataKind: string | null }) => r.masterDataKind)
        .filter(Boolean)
        .sort(),
    ).toEqual(['CUSTOMER', 'PRODUCT']);
    expectNoSecret(runs.body);

    // Any number of SAP integrations per distributor, each pulling what it was asked to.
    const second = await createSap(agent, s4OAuth(), 'SAP Surabaya');
    expect(second.status).toBe(201);
    expect(second.body.sap).toMatchObject({
      authType: 'OAUTH2_CLIENT_CREDENTIALS',
      principal: 'PORTAL_CLIENT_100',
      tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
    });
    expectNoSecret(second.body);
    const third = await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }), 'SAP orders only');
    expect(third.status).toBe(201);
    expect((await storedOf(third.body.id)).templates.map((x) => x.document_type)).toEqual(['SALES_ORDER']);
    expect((await storedOf(third.body.id)).runs.filter((r) => r.document_type)).toEqual([
      { document_type: 'SALES_ORDER', status: 'QUEUED', trigger: 'INITIAL' },
    ]);
    expect(await countOf(`select count(*)::int as n from integrations where organization_id = $1::uuid and kind = 'SAP'`, orgId)).toBe(3);

    // Other kinds carry no SAP settings.
    const external = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    expect(external.body.sap).toBeNull();
  });

  it('previews a template with records read live from SAP through the sealed connection', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const created = await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }));
    const [template] = (await agent.request('GET', `/api/integrations/${created.body.id}/model-templates`)).body.data;
    const preview = await agent.request('POST', `/api/model-templates/${template.id}/preview`, { rules: template.rules, limit: 3 });
    expect(preview.status).toBe(200);
    expect(preview.body.results).toHaveLength(3);
    expect(preview.body.mapped).toBe(3);
    expectNoSecret(preview.body);
  });

  it("keeps SAP's labels on a saved edit's new version", async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const created = await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }));
    const [listed] = (await agent.request('GET', `/api/integrations/${created.body.id}/model-templates`)).body.data as ModelTemplate[];
    const v1 = (await agent.request('GET', `/api/model-templates/${listed!.id}`)).body as ModelTemplateDetail;
    expect(v1.fieldLabels.header).toMatchObject({ '$.TotalNetAmount': 'Net Value' });
    // The edit stops mapping the net value: its label stays, so mapping it again shows it again.
    const rules = { ...v1.rules, header: v1.rules.header.filter((r) => r.target !== 'subtotal') };
    const v2 = await agent.request('POST', `/api/model-templates/${v1.id}/versions`, { basedOnVersion: 1, rules });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, fieldLabels: v1.fieldLabels });
    const current = (await agent.request('GET', `/api/integrations/${created.body.id}/model-templates`)).body.data as ModelTemplate[];
    expect(current.map((x) => [x.version, x.fieldLabels])).toEqual([[2, v1.fieldLabels]]);
  });

  it('refuses a connection that fails the test with 422 SAP_TEST_FAILED and the per-service report, storing nothing', async () => {
    const { agent, orgId } = await register(t.app, 'DISTRIBUTOR');
    const res = await createSap(agent, s4Basic('wrong-password'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SAP_TEST_FAILED');
    expect(res.body.error.details.ok).toBe(false);
    for (const s of res.body.error.details.services) expect(s.status).toBe('CREDENTIALS_REFUSED');
    expectNoSecret(res.body);
    expect(await countOf('select count(*)::int as n from integrations where organization_id = $1::uuid', orgId)).toBe(0);
    expect(await countOf('select count(*)::int as n from audit_events where organization_id = $1::uuid', orgId)).toBe(0);
    expect(await countOf('select count(*)::int as n from outbox_events where organization_id = $1::uuid', orgId)).toBe(0);
  });
});

describe('the outbound-address guard (OUTBOUND_ALLOW_PRIVATE=false)', () => {
  it('refuses a loopback base URL and a metadata-address token URL with 400 OUTBOUND_ADDRESS_REFUSED, storing nothing', async () => {
    const { agent } = await register(guarded.app, 'DISTRIBUTOR');
    const loopback = await agent.request('POST', '/api/integrations/sap/test', { sap: s4Basic() });
    expect(loopback.status).toBe(400);
    expect(loopback.body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    const create = await createSap(agent, s4Basic());
    expect(create.status).toBe(400);
    expect(create.body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    const metadata = await agent.request('POST', '/api/integrations/sap/test', {
      sap: {
        product: 'S4HANA',
        baseUrl: 'https://sap.example.com',
        auth: {
          type: 'OAUTH2_CLIENT_CREDENTIALS',
          tokenUrl: 'http://169.254.169.254/latest/meta-data/',
          clientId: 'PORTAL_CLIENT_100',
          clientSecret: OAUTH_SECRET,
        },
      },
    });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    expect(metadata.body.error.message).toContain('169.254.169.254');
    expect((await agent.request('GET', '/api/integrations')).body.data).toEqual([]);
  });

  it('counts SAP tests per organisation: past the allowance 429 RATE_LIMITED, another organisation unaffected', async () => {
    const { agent } = await register(guarded.app, 'DISTRIBUTOR');
    const body = { sap: { ...s4Basic(), baseUrl: 'http://10.0.0.1:8000' } };
    for (let i = 0; i < GUARD_RATE_LIMIT; i++) expect((await agent.request('POST', '/api/integrations/sap/test', body)).status).toBe(400);
    const limited = await agent.request('POST', '/api/integrations/sap/test', body);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const { agent: other } = await register(guarded.app, 'DISTRIBUTOR');
    expect((await other.request('POST', '/api/integrations/sap/test', body)).status).toBe(400);
  });
});

describe('who may use the SAP routes', () => {
  it('a principal is refused (403) on every SAP route', async () => {
    const { agent } = await register(guarded.app, 'PRINCIPAL');
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await agent.request('POST', '/api/integrations/sap/test', { sap: s4Basic() })).status).toBe(403);
    expect((await createSap(agent, s4Basic())).status).toBe(403);
    expect((await agent.request('PUT', `/api/integrations/${id}/sap-credentials`, { sap: s4Basic() })).status).toBe(403);
  });

  it('re-authenticating another kind of integration is 409 NOT_AN_SAP_INTEGRATION, and an unknown one 404', async () => {
    const { agent } = await register(guarded.app, 'DISTRIBUTOR');
    const external = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    const dms = await agent.request('POST', '/api/integrations', { kind: 'DMS' });
    for (const id of [external.body.id, dms.body.id]) {
      const res = await agent.request('PUT', `/api/integrations/${id}/sap-credentials`, { sap: s4Basic() });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('NOT_AN_SAP_INTEGRATION');
    }
    const unknown = await agent.request('PUT', '/api/integrations/00000000-0000-4000-8000-000000000000/sap-credentials', { sap: s4Basic() });
    expect(unknown.status).toBe(404);
  });
});

describe('PUT /api/integrations/:id/sap-credentials (re-authenticate)', () => {
  it('a failing test changes nothing; working credentials make a parked integration ACTIVE again, keeping its templates', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const created = await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }));
    const id = created.body.id as string;
    // Parked the way the worker parks it when SAP answers 401.
    await owner.$executeRawUnsafe(
      `update integrations set state = 'ERROR', state_reason = 'SAP credentials rejected', state_reason_code = 'CREDENTIALS_REJECTED', state_reason_params = '{"source":"SAP"}' where id = $1::uuid`,
      id,
    );
    const before = await storedOf(id);

    const wrong = await agent.request('PUT', `/api/integrations/${id}/sap-credentials`, { sap: s4Basic('wrong-password') });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('SAP_TEST_FAILED');
    expectNoSecret(wrong.body);
    expect(await storedOf(id)).toEqual(before);

    const right = await agent.request('PUT', `/api/integrations/${id}/sap-credentials`, {
      sap: { ...s4OAuth(), documentTypes: ['SALES_ORDER', 'PURCHASE_ORDER'] },
    });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({
      id,
      state: 'ACTIVE',
      stateReasonCode: null,
      sap: { authType: 'OAUTH2_CLIENT_CREDENTIALS', principal: 'PORTAL_CLIENT_100' },
    });
    expectNoSecret(right.body);
    const after = await storedOf(id);
    expect(after.row?.secret_cipher).not.toBe(before.row?.secret_cipher);
    expect(sapConnection.parse(JSON.parse(SecretBox.fromConfig(OLD).decrypt(after.row!.secret_cipher!, id)))).toEqual({
      ...s4OAuth(),
      documentTypes: ['SALES_ORDER', 'PURCHASE_ORDER'],
    });
    // The existing template is kept as it was; only the newly asked type got one, and its first sync.
    expect(after.templates.find((x) => x.document_type === 'SALES_ORDER')).toEqual(before.templates[0]);
    expect(after.templates.map((x) => x.document_type)).toEqual(['PURCHASE_ORDER', 'SALES_ORDER']);
    expect(after.runs).toContainEqual({ document_type: 'PURCHASE_ORDER', status: 'QUEUED', trigger: 'INITIAL' });
    expect(after.audits.map((a) => a.action)).toEqual(['integration.sap_connected', 'integration.sap_credentials_replaced']);
    expect(after.audits[1]!.metadata).toMatchObject({ fromState: 'ERROR', toState: 'ACTIVE', templatesAdded: ['PURCHASE_ORDER'] });
    expectNoSecret(after.audits);
  });

  it('another distributor cannot read or replace it (404), and the integration stays as it was', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const id = (await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }))).body.id as string;
    const before = await storedOf(id);
    const { agent: other } = await register(t.app, 'DISTRIBUTOR');
    expect((await other.request('GET', `/api/integrations/${id}`)).status).toBe(404);
    const replaced = await other.request('PUT', `/api/integrations/${id}/sap-credentials`, { sap: s4Basic() });
    expect(replaced.status).toBe(404);
    expect(await storedOf(id)).toEqual(before);
  });
});

describe('sync runs against SAP (the worker)', () => {
  let worker: WorkerProcess;
  let agent: Agent;
  let healthy: string;
  let rejected: string;

  interface Run {
    id: string;
    status: string;
    trigger: string;
    error: string | null;
    errorCode: string | null;
    errorParams: Record<string, string | number> | null;
    documentType: string | null;
  }
  /** The document runs (the customers and products runs beside them are counted apart). */
  const allRunsOf = async (id: string): Promise<Run[]> => (await agent.request('GET', `/api/integrations/${id}/sync-runs`)).body.data;
  const runsOf = async (id: string): Promise<Run[]> => (await allRunsOf(id)).filter((r) => r.documentType);
  /**
   * A sync also runs the customers and products streams: whichever run meets
   * SAP's failure first after its retries parks the integration with the
   * cause, and the others then end INTEGRATION_NOT_ACTIVE. The run carrying
   * the cause is any of them, once all have finished.
   */
  async function causeOf(id: string, errorCode: string): Promise<Run> {
    for (;;) {
      const runs = await allRunsOf(id);
      const failed = runs.filter((r) => r.status === 'FAILED');
      const cause = failed.find((r) => r.errorCode === errorCode);
      if (cause && runs.every((r) => ['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(r.status))) {
        expect(failed.every((r) => r.errorCode === errorCode || r.errorCode === 'INTEGRATION_NOT_ACTIVE')).toBe(true);
        return cause;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  async function settled(id: string, count: number): Promise<Run[]> {
    for (;;) {
      const runs = await runsOf(id);
      if (runs.length >= count && runs.every((r) => ['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(r.status))) return runs;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    agent = (await register(t.app, 'DISTRIBUTOR')).agent;
    healthy = (await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }), 'SAP healthy')).body.id;
    rejected = (await createSap(agent, s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }), 'SAP password changed')).body.id;
    // The password was changed in SAP after connecting: the stored connection no longer signs in.
    const stale = SecretBox.fromConfig(OLD).encrypt(JSON.stringify(s4Basic('wrong-password', { documentTypes: ['SALES_ORDER'] })), rejected);
    await owner.$executeRawUnsafe('update integrations set secret_cipher = $1 where id = $2::uuid', stale, rejected);
    worker = await startWorkerProcess({ DATABASE_URL: t.ownerUrl, REDIS_URL, QUEUE_PREFIX, ENCRYPTION_KEYS: OLD, SCHEDULE_RECONCILE_INTERVAL_MS: '1000' });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await fetch(`${sap.url}/__mock/reset`, { method: 'POST' });
  });

  it("SAP refusing the stored credentials parks the integration with 'SAP credentials rejected' until the distributor replaces them", async () => {
    await settled(rejected, 1);
    const run = await causeOf(rejected, 'CREDENTIALS_REJECTED');
    expect(run).toMatchObject({ status: 'FAILED', errorCode: 'CREDENTIALS_REJECTED', errorParams: expect.objectContaining({ source: 'SAP' }) });
    const parked = (await agent.request('GET', `/api/integrations/${rejected}`)).body;
    expect(parked).toMatchObject({
      state: 'ERROR',
      stateReason: 'SAP credentials rejected',
      stateReasonCode: 'CREDENTIALS_REJECTED',
      stateReasonParams: { source: 'SAP' },
    });
    // A retry cannot get past rejected credentials; replacing them can.
    const retry = await agent.request('POST', `/api/integrations/${rejected}/sync-runs/${run.id}/retry`);
    expect(retry.status).toBe(409);
    const replaced = await agent.request('PUT', `/api/integrations/${rejected}/sap-credentials`, {
      sap: s4Basic(S4_PASSWORD, { documentTypes: ['SALES_ORDER'] }),
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.state).toBe('ACTIVE');
    expect((await agent.request('POST', `/api/integrations/${rejected}/sync`, { mode: 'incremental' })).status).toBe(202);
    const runs = await settled(rejected, 2);
    expect(runs.map((r) => r.status).sort()).toEqual(['FAILED', 'SUCCEEDED']);
  }, 120_000);

  it("a run SAP fails keeps SAP's code, message and transaction id, shown in the integration's sync runs", async () => {
    expect((await settled(healthy, 1))[0]!.status).toBe('SUCCEEDED');
    const faults = await fetch(`${sap.url}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failNext: { status: 500, count: 100_000 } }),
    });
    expect(faults.ok).toBe(true);
    expect((await agent.request('POST', `/api/integrations/${healthy}/sync`, { mode: 'incremental' })).status).toBe(202);
    await settled(healthy, 2);
    const failed = await causeOf(healthy, 'SOURCE_UNAVAILABLE');
    expect(failed.errorCode).toBe('SOURCE_UNAVAILABLE');
    expect(failed.errorParams).toMatchObject({ source: 'SAP', status: 500, sapCode: expect.any(String), sapMessage: expect.any(String) });
    expect(String(failed.errorParams!.sapTransactionId)).toMatch(/^[0-9A-F]{32}$/i);
    expect(failed.error).toContain(String(failed.errorParams!.sapTransactionId));
  }, 120_000);
});

describe('pnpm secrets:rotate', () => {
  it('re-seals SAP connections under the new key, still opening to the same connection', async () => {
    await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const before = await owner.$queryRawUnsafe<{ id: string; secret_cipher: string }[]>(
      `select id, secret_cipher from integrations where kind = 'SAP' and secret_cipher is not null order by id`,
    );
    expect(before.length).toBeGreaterThan(0);
    await run('pnpm', ['--silent', 'secrets:rotate', '--as', ADMIN.email], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: t.ownerUrl,
        APP_DATABASE_URL: appDatabaseUrl(t.ownerUrl),
        REDIS_URL,
        QUEUE_PREFIX,
        ENCRYPTION_KEYS: `${NEW},${OLD}`,
      },
    });
    const onlyNew = SecretBox.fromConfig(NEW);
    const oldBox = SecretBox.fromConfig(OLD);
    for (const b of before) {
      const [after] = await owner.$queryRawUnsafe<{ secret_cipher: string }[]>('select secret_cipher from integrations where id = $1::uuid', b.id);
      expect(after!.secret_cipher).toMatch(/^v1\.new2\./);
      expect(onlyNew.decrypt(after!.secret_cipher, b.id)).toBe(oldBox.decrypt(b.secret_cipher, b.id));
    }
  }, 90_000);
});
