import { randomUUID } from 'node:crypto';
import { type EventData, JOBS, type MailJobV1, type MembershipRole } from '@portal/contracts';
import { createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { buildEvent } from '@portal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationFanout } from '../src/events/notification-fanout';

const BASE_URL = 'https://portal.example';
const AT = new Date('2026-12-06T08:00:00Z');

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;
let tenants: TenantDb;
const fanout = new NotificationFanout(BASE_URL);

beforeAll(async () => {
  db = await createTestDatabase('worker_notifications');
  owner = createPrismaClient(db.ownerUrl, { poolMax: 2 });
  app = createPrismaClient(db.appUrl, { poolMax: 2 });
  tenants = new TenantDb(app);
});

afterAll(async () => {
  await app?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

/** A distributor with one member per given role; each user speaks the given language. */
async function distributor(members: { role: MembershipRole; locale: 'id' | 'en' }[]) {
  const organizationId = randomUUID();
  const integrationId = randomUUID();
  await owner.organization.create({ data: { id: organizationId, kind: 'DISTRIBUTOR', name: `PT Distributor ${organizationId.slice(0, 4)}` } });
  await owner.integration.create({ data: { id: integrationId, organizationId, kind: 'DMS', name: 'DMS Gudang Timur', state: 'ERROR' } });
  const users: Record<MembershipRole, { id: string; email: string; locale: string }> = {} as never;
  for (const m of members) {
    const user = await owner.user.create({
      data: {
        organizationId,
        email: `${m.role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
        name: `${m.role} user`,
        passwordHash: 'x',
        locale: m.locale,
      },
    });
    await owner.membership.create({ data: { organizationId, userId: user.id, role: m.role } });
    users[m.role] = user;
  }
  return { organizationId, integrationId, users };
}

const failedRun = (integrationId: string, final: boolean): EventData<'sync_run.failed'> => ({
  runId: randomUUID(),
  integrationId,
  integrationName: 'DMS Gudang Timur',
  integrationKind: 'DMS',
  documentType: 'SALES_INVOICE',
  trigger: 'SCHEDULED',
  status: 'FAILED',
  startedAt: AT.toISOString(),
  finishedAt: AT.toISOString(),
  counts: { read: 0, upserted: 0, quarantined: 0 },
  error: { code: 'CREDENTIALS_REJECTED', message: 'AccessKey rejected' },
  final,
  nextAttemptAt: final ? null : AT.toISOString(),
});

const notificationsOf = (organizationId: string) =>
  owner.notification.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'asc' },
    select: { userId: true, kind: true, eventId: true, params: true, link: true, readAt: true },
  });
const mailsOf = async (organizationId: string): Promise<(MailJobV1 & { outboxId: string })[]> =>
  (await owner.outboxEvent.findMany({ where: { organizationId, kind: JOBS.mail.name } })).map((e) => ({ ...(e.payload as MailJobV1), outboxId: e.id }));

describe('NotificationFanout (issue 12: the notification centre and email alerts)', () => {
  it('a sync that failed for good: every member who reads integrations is told, each by mail in their own language', async () => {
    const d = await distributor([
      { role: 'OWNER', locale: 'id' },
      { role: 'ADMIN', locale: 'en' },
      { role: 'VIEWER', locale: 'en' },
    ]);
    const event = buildEvent('sync_run.failed', d.organizationId, failedRun(d.integrationId, true), AT);
    const mails = await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, event));

    const rows = await notificationsOf(d.organizationId);
    expect(rows.map((r) => r.userId).sort()).toEqual([d.users.OWNER.id, d.users.ADMIN.id, d.users.VIEWER.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ kind: 'sync_failed', eventId: event.id, link: `/integrations/${d.integrationId}`, readAt: null });
      expect(row.params).toMatchObject({ integrationName: 'DMS Gudang Timur', errorCode: 'CREDENTIALS_REJECTED' });
    }

    // The returned mails are the outbox rows written in the same transaction (the caller dispatches them after commit).
    const outbox = await mailsOf(d.organizationId);
    expect(outbox.map((m) => m.outboxId).sort()).toEqual(mails.map((m) => m.outboxId).sort());
    const byAddress = new Map(outbox.map((m) => [m.to, m]));
    expect(byAddress.size).toBe(3);
    for (const user of [d.users.OWNER, d.users.ADMIN, d.users.VIEWER]) {
      expect(byAddress.get(user.email)).toMatchObject({
        template: 'alert',
        locale: user.locale,
        data: { kind: 'sync_failed', integrationName: 'DMS Gudang Timur', link: `${BASE_URL}/integrations/${d.integrationId}` },
      });
    }
  });

  it('the same event fanned out again adds no notification and no mail', async () => {
    const d = await distributor([{ role: 'OWNER', locale: 'id' }]);
    const event = buildEvent('sync_run.failed', d.organizationId, failedRun(d.integrationId, true), AT);
    expect(await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, event))).toHaveLength(1);
    expect(await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, event))).toEqual([]);
    expect(await notificationsOf(d.organizationId)).toHaveLength(1);
    expect(await mailsOf(d.organizationId)).toHaveLength(1);
  });

  it('a failed run with retries left notifies nobody', async () => {
    const d = await distributor([{ role: 'OWNER', locale: 'id' }]);
    const event = buildEvent('sync_run.failed', d.organizationId, failedRun(d.integrationId, false), AT);
    expect(await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, event))).toEqual([]);
    expect(await notificationsOf(d.organizationId)).toEqual([]);
    expect(await mailsOf(d.organizationId)).toEqual([]);
  });

  it('a user who turned email off for the kind still sees the notification, and gets no mail; other kinds still mail', async () => {
    const d = await distributor([
      { role: 'OWNER', locale: 'id' },
      { role: 'MEMBER', locale: 'en' },
    ]);
    await owner.notificationPreference.create({ data: { organizationId: d.organizationId, userId: d.users.MEMBER.id, kind: 'sync_failed', email: false } });
    const failed = buildEvent('sync_run.failed', d.organizationId, failedRun(d.integrationId, true), AT);
    const mails = await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, failed));
    expect(mails.map((m) => m.mail.to)).toEqual([d.users.OWNER.email]);
    expect((await notificationsOf(d.organizationId)).map((n) => n.userId).sort()).toEqual([d.users.OWNER.id, d.users.MEMBER.id].sort());

    const error = buildEvent(
      'integration.state_changed',
      d.organizationId,
      {
        integrationId: d.integrationId,
        integrationName: 'DMS Gudang Timur',
        integrationKind: 'DMS',
        previousState: 'ACTIVE',
        state: 'ERROR',
        reasonCode: 'CREDENTIALS_REJECTED',
        reason: 'AccessKey rejected',
        changedBy: 'system',
      },
      AT,
    );
    const errorMails = await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, error));
    expect(errorMails.map((m) => m.mail.to).sort()).toEqual([d.users.OWNER.email, d.users.MEMBER.email].sort());
    expect(errorMails.every((m) => m.mail.data.kind === 'integration_error')).toBe(true);
  });

  it('a disabled webhook endpoint tells those who manage webhooks (a VIEWER is not told), once per disabling', async () => {
    const d = await distributor([
      { role: 'ADMIN', locale: 'en' },
      { role: 'VIEWER', locale: 'en' },
    ]);
    const endpointId = randomUUID();
    const disabledAt = new Date('2026-12-06T09:00:00Z');
    await owner.webhookEndpoint.create({
      data: {
        id: endpointId,
        organizationId: d.organizationId,
        url: 'https://hooks.example/portal',
        eventTypes: ['sync_run.failed'],
        enabled: false,
        disabledReason: 'GONE',
        disabledAt,
        secretSealed: 'sealed',
        updatedAt: disabledAt,
      },
    });
    const endpoint = { organizationId: d.organizationId, endpointId, url: 'https://hooks.example/portal', reason: 'GONE' as const };
    const mails = await tenants.runAsOrg(d.organizationId, (tx) => fanout.endpointDisabled(tx, endpoint));
    expect(mails.map((m) => m.mail)).toEqual([
      expect.objectContaining({
        to: d.users.ADMIN.email,
        template: 'alert',
        data: expect.objectContaining({ kind: 'webhook_endpoint_disabled', reason: 'GONE', link: `${BASE_URL}/webhooks/${endpointId}` }),
      }),
    ]);
    const rows = await notificationsOf(d.organizationId);
    expect(rows).toEqual([expect.objectContaining({ userId: d.users.ADMIN.id, eventId: `webhook-disabled:${endpointId}:${disabledAt.getTime()}` })]);
    // The delivery side telling the same disabling twice (a retried job) adds nothing.
    expect(await tenants.runAsOrg(d.organizationId, (tx) => fanout.endpointDisabled(tx, endpoint))).toEqual([]);

    // A VIEWER still hears of sync failures.
    const failed = buildEvent('sync_run.failed', d.organizationId, failedRun(d.integrationId, true), AT);
    await tenants.runAsOrg(d.organizationId, (tx) => fanout.publish(tx, failed));
    const viewerKinds = (await notificationsOf(d.organizationId)).filter((n) => n.userId === d.users.VIEWER.id).map((n) => n.kind);
    expect(viewerKinds).toEqual(['sync_failed']);
  });

  it('connection changes reach the receiving side only, under its own organisation', async () => {
    const principal = randomUUID();
    await owner.organization.create({ data: { id: principal, kind: 'PRINCIPAL', name: 'PT Nusantara Foods' } });
    const user = await owner.user.create({
      data: { organizationId: principal, email: `p-${randomUUID().slice(0, 8)}@example.com`, name: 'Rina', passwordHash: 'x' },
    });
    await owner.membership.create({ data: { organizationId: principal, userId: user.id, role: 'VIEWER' } });
    const d = await distributor([{ role: 'OWNER', locale: 'id' }]);
    const accepted = buildEvent(
      'connection.accepted',
      principal,
      {
        connectionId: randomUUID(),
        principalId: principal,
        principalName: 'PT Nusantara Foods',
        distributorId: d.organizationId,
        distributorName: 'CV Sumber Rejeki',
        documentTypes: ['SALES_INVOICE'],
        at: AT.toISOString(),
      },
      AT,
    );
    const mails = await tenants.runAsOrg(principal, (tx) => fanout.publish(tx, accepted));
    expect(mails.map((m) => [m.mail.to, m.mail.locale, m.mail.data.partnerName])).toEqual([[user.email, 'id', 'CV Sumber Rejeki']]);
    expect(await notificationsOf(principal)).toEqual([expect.objectContaining({ kind: 'connection_accepted', link: '/connections' })]);
    expect(await notificationsOf(d.organizationId)).toEqual([]);
  });
});
