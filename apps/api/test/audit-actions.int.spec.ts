import { randomBytes } from 'node:crypto';
import { type AuditAction, type AuditLogEvent, auditEventList, QUEUES } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, randomIp, register, type Party, type RunningSampleDms, startSampleDms, uniqueEmail } from '@portal/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 11, docs/product/api-keys-and-audit.md: each action below is done as
// a user does it, then read back from the organisation's own audit log the
// way its readers read it (GET /api/audit-events): who acted, on what, in
// which request, what changed, and never a secret.

const ADMIN = { email: 'admin.audit-actions@test.local', password: 'admin-password-123' };
const RIGHT_KEY = '446-bebaspakaivalueapapun';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
// This suite's own BullMQ prefix: no worker consumes these jobs.
const QUEUE_PREFIX = `it_audit_actions_${randomBytes(4).toString('hex')}`;

let dms: RunningSampleDms;
let t: TestApp;
let queue: Queue;
let owner: PrismaClient;

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 2 });
  t = await startTestApp('api_audit_actions', { DMS_BASE_URL: dms.url, QUEUE_PREFIX });
  queue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 1 });
}, 60_000);

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

interface User extends Party {
  userId: string;
}

async function signUp(kind: 'DISTRIBUTOR' | 'PRINCIPAL'): Promise<User> {
  const party = await register(t.app, kind, { ip: randomIp() });
  const me = await party.agent.request('GET', '/api/auth/me');
  expect(me.status).toBe(200);
  return { ...party, userId: me.body.user.id };
}

const newRequestId = (label: string) => `req-${label}-${randomBytes(4).toString('hex')}`;

/**
 * The one row of `action` on the user's own log, as the audit screen reads it,
 * checked for what every user-made row carries: the user as actor (id and the
 * email as label), the target, and the id of the request that made it. None
 * of `secrets` may appear anywhere in it.
 */
async function theRow(
  user: User,
  action: AuditAction,
  expected: { requestId: string; targetType: string; targetId: string; secrets: string[] },
): Promise<AuditLogEvent> {
  const res = await user.agent.request('GET', `/api/audit-events?action=${action}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const parsed = auditEventList.safeParse(res.body);
  expect(parsed.error).toBeUndefined();
  expect(parsed.data!.data).toHaveLength(1);
  const row = parsed.data!.data[0]!;
  expect(row).toMatchObject({
    action,
    organizationId: user.orgId,
    actor: { type: 'USER', id: user.userId, label: user.email, organizationId: user.orgId },
    targetType: expected.targetType,
    targetId: expected.targetId,
    requestId: expected.requestId,
  });
  const text = JSON.stringify(row);
  for (const secret of expected.secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(text).not.toContain(secret);
  }
  return row;
}

describe('audit rows for what a user does', () => {
  it('connection.invite_cancelled: the principal cancels a pending connection invite', async () => {
    const p = await signUp('PRINCIPAL');
    const created = await p.agent.request('POST', '/api/connections/invites');
    expect(created.status).toBe(201);
    const token = new URL(created.body.url).pathname.split('/').at(-1)!;

    const requestId = newRequestId('conn-cancel');
    const cancelled = await p.agent.request('POST', `/api/connections/invites/${created.body.id}/cancel`, undefined, { 'x-request-id': requestId });
    expect(cancelled.status).toBe(204);

    await theRow(p, 'connection.invite_cancelled', { requestId, targetType: 'invite', targetId: created.body.id, secrets: [token] });
  });

  it('member.invite_cancelled: the owner cancels a pending member invite; the row names the email invited', async () => {
    const owner = await signUp('DISTRIBUTOR');
    const email = uniqueEmail('colleague');
    const invited = await owner.agent.request('POST', '/api/members/invites', { email, role: 'MEMBER' });
    expect(invited.status).toBe(201);
    const token = new URL(invited.body.url).pathname.split('/').at(-1)!;

    const requestId = newRequestId('member-cancel');
    const cancelled = await owner.agent.request('DELETE', `/api/members/invites/${invited.body.id}`, undefined, { 'x-request-id': requestId });
    expect(cancelled.status).toBe(204);

    const row = await theRow(owner, 'member.invite_cancelled', { requestId, targetType: 'member_invite', targetId: invited.body.id, secrets: [token] });
    expect(row.metadata).toEqual({ email });
  });

  it('integration.disabled: the distributor disables an integration; before and after name its state', async () => {
    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP Cabang' });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('ACTIVE');

    const requestId = newRequestId('disable');
    const disabled = await d.agent.request('POST', `/api/integrations/${created.body.id}/disable`, undefined, { 'x-request-id': requestId });
    expect(disabled.status).toBe(200);
    expect(disabled.body.state).toBe('DISABLED');

    const secret = (created.body.apiKey as string).split('.')[1]!;
    const row = await theRow(d, 'integration.disabled', { requestId, targetType: 'integration', targetId: created.body.id, secrets: [secret] });
    expect(row.before).toEqual({ state: 'ACTIVE' });
    expect(row.after).toEqual({ state: 'DISABLED' });
  });

  it("integration.api_key_rolled: rolling an External integration's ingestion key; neither the old nor the new key is in the row", async () => {
    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    expect(created.status).toBe(201);

    const requestId = newRequestId('roll');
    const rolled = await d.agent.request('POST', `/api/integrations/${created.body.id}/api-key/roll`, undefined, { 'x-request-id': requestId });
    expect(rolled.status).toBe(201);

    const [oldKey, newKey] = [created.body.apiKey as string, rolled.body.apiKey as string];
    await theRow(d, 'integration.api_key_rolled', {
      requestId,
      targetType: 'integration',
      targetId: created.body.id,
      secrets: [oldKey.split('.')[1]!, newKey.split('.')[1]!],
    });
  });

  it("integration.api_key_revoked: revoking an External integration's ingestion key", async () => {
    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    expect(created.status).toBe(201);

    const requestId = newRequestId('revoke');
    const revoked = await d.agent.request('DELETE', `/api/integrations/${created.body.id}/api-key`, undefined, { 'x-request-id': requestId });
    expect(revoked.status).toBe(204);
    expect((await d.agent.request('GET', `/api/integrations/${created.body.id}/api-key`)).body).toEqual({ current: null });

    const secret = (created.body.apiKey as string).split('.')[1]!;
    await theRow(d, 'integration.api_key_revoked', { requestId, targetType: 'integration', targetId: created.body.id, secrets: [secret] });
  });

  it('model_template.reconsolidate: re-consolidating a template; the row names the integration, the document type and the runs queued', async () => {
    await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const admin = new Agent(t.app, randomIp());
    expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);

    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'DMS' });
    expect(created.status).toBe(201);
    const integrationId = created.body.id as string;
    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: RIGHT_KEY })).status).toBe(200);
    const templates = await d.agent.request('GET', `/api/integrations/${integrationId}/model-templates`);
    expect(templates.status).toBe(200);
    const templateId = templates.body.data.find((m: { documentType: string }) => m.documentType === 'SALES_INVOICE').id as string;

    // Let the activation's first runs finish as far as this test is concerned (no worker consumes this prefix).
    await owner.syncRun.updateMany({ where: { integrationId }, data: { status: 'SUCCEEDED', finishedAt: new Date() } });

    const requestId = newRequestId('reconsolidate');
    const res = await d.agent.request('POST', `/api/model-templates/${templateId}/reconsolidate`, undefined, { 'x-request-id': requestId });
    expect(res.status).toBe(202);
    expect(res.body.queued).toHaveLength(1);

    const row = await theRow(d, 'model_template.reconsolidate', { requestId, targetType: 'model_template', targetId: templateId, secrets: [RIGHT_KEY] });
    expect(row.metadata).toEqual({ integrationId, documentType: 'SALES_INVOICE', queued: 1 });
  });
});
