import { randomBytes } from 'node:crypto';
import { type ModelTemplateDetail, QUEUES, type TemplatePreview } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, register, type RunningSampleDms, startSampleDms, uniqueEmail } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

const ADMIN = { email: 'admin.templates@test.local', password: 'admin-password-123' };
// The same Redis the test app uses (see test-app.ts); the queue prefix keeps this suite's jobs apart.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
// This suite's own BullMQ prefix: no worker anywhere consumes these jobs.
const QUEUE_PREFIX = `it_templates_${randomBytes(4).toString('hex')}`;

let dms: RunningSampleDms;
let t: TestApp;
let owner: PrismaClient;
let queue: Queue;
let admin: Agent;

async function distributorWithDms(accessKey: string) {
  const { agent } = await register(t.app, 'DISTRIBUTOR', { name: 'Sari Dewi' });
  const created = await agent.request('POST', '/api/integrations', { kind: 'DMS' });
  expect(created.status).toBe(201);
  const integrationId: string = created.body.id;
  const key = await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey });
  expect(key.status).toBe(200);
  const list = await agent.request('GET', `/api/integrations/${integrationId}/model-templates`);
  expect(list.status).toBe(200);
  const invoice = list.body.data.find((m: { documentType: string }) => m.documentType === 'SALES_INVOICE');
  return { agent, integrationId, templateId: invoice.id as string };
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 12 });
  t = await startTestApp('api_model_templates', { DMS_BASE_URL: dms.url, QUEUE_PREFIX });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 1 });
  queue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  admin = new Agent(t.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
});

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

describe('model template versions', () => {
  it('reads a generated template with its rules and history', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const res = await agent.request('GET', `/api/model-templates/${templateId}`);
    expect(res.status).toBe(200);
    const body = res.body as ModelTemplateDetail;
    expect(body).toMatchObject({ id: templateId, integrationId, documentType: 'SALES_INVOICE', sourceModel: 'sales-invoices', version: 1, isCurrent: true });
    expect(body.rules.header.find((r) => r.target === 'number')?.source).toBe('$.no_faktur');
    expect(body.versions).toEqual([{ id: templateId, version: 1, isCurrent: true, createdAt: body.createdAt }]);
  });

  it('saves edited rules as version 2: it becomes current, version 1 stays unchanged', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const v1 = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const rules = structuredClone(v1.rules);
    rules.header.push({
      target: 'status',
      source: '$.status',
      transforms: [{ kind: 'codeMap', map: { POSTED: 'DIPOSTING' }, fallback: 'keep' }],
      required: false,
    });
    rules.header = rules.header.filter((r, i, all) => r.target !== 'status' || i === all.length - 1);

    const saved = await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules });
    expect(saved.status).toBe(201);
    const v2 = saved.body as ModelTemplateDetail;
    expect(v2.id).not.toBe(templateId);
    expect(v2).toMatchObject({ version: 2, isCurrent: true, documentType: 'SALES_INVOICE' });
    expect(v2.rules.header.find((r) => r.target === 'status')?.transforms).toEqual([{ kind: 'codeMap', map: { POSTED: 'DIPOSTING' }, fallback: 'keep' }]);
    expect(v2.versions.map((v) => [v.version, v.isCurrent])).toEqual([
      [2, true],
      [1, false],
    ]);

    const old = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    expect(old).toMatchObject({ version: 1, isCurrent: false });
    expect(old.rules).toEqual(v1.rules);
    const current = await agent.request('GET', `/api/integrations/${integrationId}/model-templates`);
    const invoice = current.body.data.filter((m: { documentType: string }) => m.documentType === 'SALES_INVOICE');
    expect(invoice.map((m: { id: string; version: number }) => [m.id, m.version])).toEqual([[v2.id, 2]]);
    const audit = await owner.auditEvent.findMany({ where: { targetId: v2.id, action: 'model_template.version_saved' } });
    expect(audit).toHaveLength(1);
  });

  it('keeps the unmapped-field list true after an edit', async () => {
    const { agent, templateId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const v1 = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    expect(v1.unmappedFields).toContain('catatan');
    // The DMS catalogue names its fields only: no labels to show beside the paths.
    expect(v1.fieldLabels).toEqual({ header: {}, lines: {} });
    // The status now comes from the free-text note; the DMS status field becomes unmapped.
    const rules = structuredClone(v1.rules);
    rules.header = rules.header.map((r) => (r.target === 'status' ? { ...r, source: '$.catatan' } : r));
    const v2 = (await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules })).body as ModelTemplateDetail;
    expect(v2.unmappedFields).not.toContain('catatan');
    expect(v2.unmappedFields).toContain('status');
    expect(v2.unmappedFields.filter((f) => f !== 'status').sort()).toEqual(v1.unmappedFields.filter((f) => f !== 'catatan').sort());
  });

  it('refuses a save based on an outdated version with 409, and leaves the latest version alone', async () => {
    const { agent, templateId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const { rules } = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const edited = { ...rules, header: rules.header.filter((r) => r.target !== 'status') };
    expect((await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules: edited })).status).toBe(201);
    const stale = await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('now version 2') });
  });

  it('saving unchanged rules answers 200 with the current version and makes no version', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const v1 = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    // The same rules with every object's keys in another order are still the same rules.
    const same = await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules: reversedKeys(v1.rules) });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: templateId, version: 1, isCurrent: true });
    expect((same.body as ModelTemplateDetail).versions.map((v) => v.version)).toEqual([1]);
    const rows = await owner.modelTemplate.count({ where: { integrationId, documentType: 'SALES_INVOICE' } });
    expect(rows).toBe(1);
    expect(
      await owner.auditEvent.count({ where: { action: 'model_template.version_saved', metadata: { path: ['integrationId'], equals: integrationId } } }),
    ).toBe(0);

    // After a real change, saving that version's rules again is a no-op too.
    const rules = { ...v1.rules, header: v1.rules.header.filter((r) => r.target !== 'status') };
    const v2 = await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules });
    expect(v2.status).toBe(201);
    const again = await agent.request('POST', `/api/model-templates/${v2.body.id}/versions`, { basedOnVersion: 2, rules });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: v2.body.id, version: 2 });
    expect(await owner.modelTemplate.count({ where: { integrationId, documentType: 'SALES_INVOICE' } })).toBe(2);
  });

  it('keeps a version history: newest first, each version readable with its own rules', async () => {
    const { agent, templateId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const v1 = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const withoutStatus = { ...v1.rules, header: v1.rules.header.filter((r) => r.target !== 'status') };
    const v2 = (await agent.request('POST', `/api/model-templates/${templateId}/versions`, { basedOnVersion: 1, rules: withoutStatus }))
      .body as ModelTemplateDetail;
    const upper = {
      ...withoutStatus,
      header: withoutStatus.header.map((r) => (r.target === 'number' ? { ...r, transforms: [...r.transforms, { kind: 'upper' as const }] } : r)),
    };
    const saved = await agent.request('POST', `/api/model-templates/${v2.id}/versions`, { basedOnVersion: 2, rules: upper });
    expect(saved.status).toBe(201);
    const v3 = saved.body as ModelTemplateDetail;
    expect(v3.versions.map((v) => [v.id, v.version, v.isCurrent])).toEqual([
      [v3.id, 3, true],
      [v2.id, 2, false],
      [templateId, 1, false],
    ]);
    // Each version answers its own rules, so two versions can be compared rule by rule.
    const read = async (id: string) => ((await agent.request('GET', `/api/model-templates/${id}`)).body as ModelTemplateDetail).rules;
    expect(await read(templateId)).toEqual(v1.rules);
    expect((await read(v2.id)).header.some((r) => r.target === 'status')).toBe(false);
    expect((await read(v3.id)).header.find((r) => r.target === 'number')?.transforms.at(-1)).toEqual({ kind: 'upper' });
    expect((await read(v2.id)).header.find((r) => r.target === 'number')).toEqual(v1.rules.header.find((r) => r.target === 'number'));
  });

  it('answers invalid rules with 400 and the failing field, and saves nothing', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const { rules } = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const cases: unknown[] = [
      { basedOnVersion: 1, rules: { ...rules, header: rules.header.filter((r) => r.target !== 'date') } },
      { basedOnVersion: 1, rules: { ...rules, header: [...rules.header, { target: 'status', source: 'no-dollar', transforms: [] }] } },
      {
        basedOnVersion: 1,
        rules: { ...rules, header: [...rules.header, { target: 'status', source: '$.s', transforms: [{ kind: 'date', format: 'dd/yy' }] }] },
      },
      { basedOnVersion: 1, rules: { ...rules, documentType: 'SALES_ORDER', sourceModel: 'sales-orders' } },
      { basedOnVersion: 1, rules, extra: true },
      { rules },
    ];
    for (const body of cases) {
      const res = await agent.request('POST', `/api/model-templates/${templateId}/versions`, body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const missingDate = await agent.request('POST', `/api/model-templates/${templateId}/versions`, cases[0]);
    expect(missingDate.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.rules.header', message: 'date must be mapped' })]),
    );
    expect(await owner.modelTemplate.count({ where: { integrationId, documentType: 'SALES_INVOICE' } })).toBe(1);
  });
});

describe('preview against the DMS', () => {
  it('maps live sample records with unsaved rules, and names the reason for each failure', async () => {
    const { agent, templateId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const { rules } = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const before = dms.control.requests;

    // The edit under test: translate the DMS status code and prefix the party name with its code.
    const edited = structuredClone(rules);
    edited.header = edited.header.filter((r) => r.target !== 'partyName' && r.target !== 'status');
    edited.header.push(
      { target: 'partyName', sources: ['$.kode_pelanggan', '$.nama_pelanggan'], transforms: [{ kind: 'concat', separator: ' · ' }], required: false },
      { target: 'status', source: '$.status', transforms: [{ kind: 'upper' }, { kind: 'default', value: 'TANPA STATUS' }], required: false },
    );
    const res = await agent.request('POST', `/api/model-templates/${templateId}/preview`, { rules: edited, limit: 4 });
    expect(res.status).toBe(200);
    const preview = res.body as TemplatePreview;
    expect(dms.control.requests).toBeGreaterThan(before);
    expect(preview.sourceModel).toBe('sales-invoices');
    expect(preview.results).toHaveLength(4);
    expect(preview.mapped + preview.failed).toBe(4);
    for (const r of preview.results) {
      const source = r.source as { id: string; no_faktur: string; kode_pelanggan: string; nama_pelanggan: string; detail: unknown[] };
      expect(r.sourceId).toBe(source.id);
      if (!r.ok) continue;
      expect(r.document.number).toBe(source.no_faktur);
      expect(r.document.partyName).toBe(`${source.kode_pelanggan} · ${source.nama_pelanggan}`);
      expect(r.document.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.document.total).toMatch(/^-?\d+\.\d{2}$/);
      expect(r.document.lines).toHaveLength(source.detail.length);
    }
    expect(preview.mapped).toBeGreaterThan(0);

    // A rule that cannot work on this DMS's data: every record fails with the reason.
    const broken = structuredClone(rules);
    broken.header = broken.header.map((r) => (r.target === 'date' ? { ...r, transforms: [{ kind: 'date' as const, format: 'yyyyMMdd' as const }] } : r));
    const failing = (await agent.request('POST', `/api/model-templates/${templateId}/preview`, { rules: broken, limit: 3 })).body as TemplatePreview;
    expect(failing).toMatchObject({ mapped: 0, failed: 3 });
    for (const r of failing.results) expect(!r.ok && r.reason).toMatch(/^date \(\$\.tgl_faktur\): ".+" is not a yyyyMMdd date$/);

    // Preview stores nothing.
    const detail = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    expect(detail.versions).toHaveLength(1);
  });

  it('reports a rejected AccessKey as 422 ACCESS_KEY_REJECTED', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('512-kunci-rahasia-512');
    // The tenant's key is changed at the DMS after activation: store one the DMS will refuse, encrypted as the API would.
    const box = t.app.get(SecretBox);
    await owner.integration.update({ where: { id: integrationId }, data: { secretCipher: box.encrypt('512-not-the-key', integrationId) } });
    const { rules } = (await agent.request('GET', `/api/model-templates/${templateId}`)).body as ModelTemplateDetail;
    const res = await agent.request('POST', `/api/model-templates/${templateId}/preview`, { rules });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ACCESS_KEY_REJECTED');
  });
});

describe('re-consolidation', () => {
  it('queues a full re-sync of the template type as a RECONSOLIDATE run, once at a time', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('777-tujuh-tujuh-tujuh');
    // Let the activation's initial runs finish as far as this test is concerned (no worker consumes this prefix).
    await owner.syncRun.updateMany({ where: { integrationId }, data: { status: 'SUCCEEDED', finishedAt: new Date() } });

    const res = await agent.request('POST', `/api/model-templates/${templateId}/reconsolidate`);
    expect(res.status).toBe(202);
    expect(res.body.queued).toEqual([{ syncRunId: expect.any(String), documentType: 'SALES_INVOICE' }]);
    expect(res.body.alreadyRunning).toEqual([]);
    const run = await owner.syncRun.findUniqueOrThrow({ where: { id: res.body.queued[0].syncRunId } });
    expect(run).toMatchObject({ integrationId, documentType: 'SALES_INVOICE', trigger: 'RECONSOLIDATE', status: 'QUEUED' });
    const job = await queue.getJob(`sync-run-${run.id}`);
    expect(job?.data).toMatchObject({ integrationId, documentType: 'SALES_INVOICE', syncRunId: run.id, mode: 'full' });

    const again = await agent.request('POST', `/api/model-templates/${templateId}/reconsolidate`);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ queued: [], alreadyRunning: ['SALES_INVOICE'], queuedMasterData: [] });
  });

  it('refuses while the integration is disabled', async () => {
    const { agent, templateId, integrationId } = await distributorWithDms('446-bebaspakaivalueapapun');
    expect((await agent.request('POST', `/api/integrations/${integrationId}/disable`)).status).toBe(200);
    const res = await agent.request('POST', `/api/model-templates/${templateId}/reconsolidate`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });
});

describe('OpenAPI', () => {
  it('documents the template endpoints with their bodies', async () => {
    const res = await new Agent(t.app).request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/model-templates/{id}',
        '/api/model-templates/{id}/versions',
        '/api/model-templates/{id}/preview',
        '/api/model-templates/{id}/reconsolidate',
      ]),
    );
    expect(paths['/api/model-templates/{id}/versions']!.post!.requestBody).toBeDefined();
    expect(paths['/api/model-templates/{id}/preview']!.post!.requestBody).toBeDefined();
  });
});

describe('isolation', () => {
  it("answers 404 for another distributor's template on every endpoint, and changes nothing", async () => {
    const a = await distributorWithDms('446-bebaspakaivalueapapun');
    const b = await distributorWithDms('446-bebaspakaivalueapapun');
    const { rules } = (await a.agent.request('GET', `/api/model-templates/${a.templateId}`)).body as ModelTemplateDetail;
    const attempts = [
      b.agent.request('GET', `/api/model-templates/${a.templateId}`),
      b.agent.request('POST', `/api/model-templates/${a.templateId}/versions`, { basedOnVersion: 1, rules }),
      b.agent.request('POST', `/api/model-templates/${a.templateId}/preview`, { rules }),
      b.agent.request('POST', `/api/model-templates/${a.templateId}/reconsolidate`),
      b.agent.request('GET', `/api/integrations/${a.integrationId}/model-templates`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect(await owner.modelTemplate.count({ where: { integrationId: a.integrationId, documentType: 'SALES_INVOICE' } })).toBe(1);
    expect(await owner.syncRun.count({ where: { integrationId: a.integrationId, trigger: 'RECONSOLIDATE' } })).toBe(0);
  });

  it('is for distributors only, and needs a session', async () => {
    const { templateId } = await distributorWithDms('446-bebaspakaivalueapapun');
    const principal = new Agent(t.app);
    const email = uniqueEmail('principal');
    await principal.request('POST', '/api/auth/register', {
      email,
      password: 'correct-horse-battery',
      name: 'P',
      organizationName: `PT P ${email}`,
      organizationKind: 'PRINCIPAL',
    });
    expect((await principal.request('GET', `/api/model-templates/${templateId}`)).status).toBe(403);
    expect((await new Agent(t.app).request('GET', `/api/model-templates/${templateId}`)).status).toBe(401);
    expect((await admin.request('GET', `/api/model-templates/${templateId}`)).status).toBe(403);
  });
});

/** The same value with every object's keys in reverse order (arrays keep theirs). */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    ) as T;
  return value;
}
