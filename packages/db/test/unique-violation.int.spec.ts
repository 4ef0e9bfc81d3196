import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, isUniqueViolation, Prisma, type PrismaClient } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

// Real violations through Prisma 7's pg adapter: what its P2002 meta
// actually carries decides whether the helper can tell constraints apart.
let db: TestDatabase;
let prisma: PrismaClient;
let orgId: string;

async function caught(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (err) {
    return err;
  }
  throw new Error('the write was expected to fail');
}

beforeAll(async () => {
  db = await createTestDatabase('db_unique');
  prisma = createPrismaClient(db.ownerUrl, { poolMax: 2 });
  orgId = randomUUID();
  await prisma.organization.create({ data: { id: orgId, kind: 'DISTRIBUTOR', name: 'Unique Org' } });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('isUniqueViolation', () => {
  it('names the partial unique index a second DMS integration breaks, and no other rule', async () => {
    await prisma.integration.create({ data: { organizationId: orgId, kind: 'DMS', name: 'DMS', state: 'AWAITING_ACCESS_KEY' } });
    const err = await caught(() => prisma.integration.create({ data: { organizationId: orgId, kind: 'DMS', name: 'DMS 2', state: 'AWAITING_ACCESS_KEY' } }));
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(isUniqueViolation(err, 'integrations_one_dms_per_org')).toBe(true);
    expect(isUniqueViolation(err, 'users_email_key')).toBe(false);
    expect(isUniqueViolation(err, 'sync_runs_one_active')).toBe(false);
  });

  it('names a plain unique column by its constraint inside an interactive transaction too', async () => {
    const user = { email: `u.${randomUUID()}@test.local`, name: 'U', passwordHash: 'x', organizationId: orgId };
    await prisma.user.create({ data: user });
    const err = await caught(() => prisma.$transaction((tx) => tx.user.create({ data: user })));
    expect(isUniqueViolation(err, 'users_email_key')).toBe(true);
    expect(isUniqueViolation(err, 'integrations_one_dms_per_org')).toBe(false);
  });

  it('is false for errors that are not unique violations', async () => {
    const fk = await caught(() => prisma.integration.create({ data: { organizationId: randomUUID(), kind: 'EXTERNAL', name: 'x', state: 'ACTIVE' } }));
    expect(isUniqueViolation(fk, 'integrations_one_dms_per_org')).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint "users_email_key"'), 'users_email_key')).toBe(false);
  });

  it('also matches by the columns the rule covers (engines that report fields)', () => {
    const err = new Prisma.PrismaClientKnownRequestError('Unique constraint failed', {
      code: 'P2002',
      clientVersion: 'test',
      meta: { target: ['integration_id', 'document_type', 'version'] },
    });
    expect(isUniqueViolation(err, ['document_type', 'integration_id', 'version'])).toBe(true);
    expect(isUniqueViolation(err, ['integration_id', 'document_type'])).toBe(false);
  });
});
