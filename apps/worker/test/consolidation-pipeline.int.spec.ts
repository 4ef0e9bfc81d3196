import { DOCUMENT_TYPE_SLUG } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import type { ModelType } from '@portal/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSettings, type BenchTenant, createBenchTenant, startBenchDms, type BenchDms } from '../bench/bench-fixtures';
import { ConsolidationService } from '../src/sync/consolidation.service';
import { WorkerEventOutbox } from '../src/events/event-outbox';

const PAGE = 10;

// The worker fetches and templates page k+1 while page k is written. A write
// that fails must still leave exactly the pages before it committed (cursor,
// documents and counters together), and the prefetched page must never be
// written out of turn.
describe('pipelined consolidation', () => {
  let bench: BenchDms;
  let tenant: BenchTenant;
  let app: PrismaClient;
  let owner: PrismaClient;
  let service: ConsolidationService;

  beforeAll(async () => {
    bench = await startBenchDms(600, 7);
    tenant = await createBenchTenant('pipeline', { kind: 'DMS', dmsUrl: bench.dms.url });
    app = createPrismaClient(tenant.db.appUrl, { poolMax: 3 });
    owner = createPrismaClient(tenant.db.ownerUrl, { poolMax: 1 });
    const db = new TenantDb(app);
    service = new ConsolidationService(
      db,
      SecretBox.fromConfig(tenant.encryptionKeys),
      // No fan-out here: the events' outbox rows are only marked handed on.
      new WorkerEventOutbox(db, { addBulk: () => Promise.resolve([]) }, pino({ level: 'silent' })),
      { connectors: benchSettings(bench.dms.url), pageSize: PAGE, pipeline: true },
      pino({ level: 'silent' }),
    );
  }, 120_000);
  afterAll(async () => {
    await app?.$disconnect();
    await owner?.$disconnect();
    await tenant?.db.drop();
    await bench?.dms.close();
  });

  it('a write failing on the third page leaves two pages committed, and the retry resumes there with nothing doubled', { timeout: 120_000 }, async () => {
    const job = tenant.jobs[0]!;
    const served = bench.dms.control.countLines('446', DOCUMENT_TYPE_SLUG[job.documentType] as ModelType);
    expect(served).toBeGreaterThan(3 * PAGE);
    // Test database only: the third page's first document is refused.
    await owner.$executeRawUnsafe(`create function refuse_third_page() returns trigger language plpgsql as $$
      begin
        if (select count(*) from documents where type = new.type) >= ${2 * PAGE} then raise exception 'refused by the test'; end if;
        return new;
      end $$`);
    await owner.$executeRawUnsafe(
      `create trigger refuse_third_page before insert on documents for each row when (new.type = '${job.documentType}') execute function refuse_third_page()`,
    );

    await expect(service.run(job, 1, async () => {})).rejects.toThrow(/refused by the test/);
    const afterFailure = await owner.syncRun.findUniqueOrThrow({ where: { id: job.syncRunId } });
    expect(afterFailure).toMatchObject({ pages: 2, recordsRead: 2 * PAGE, recordsUpserted: 2 * PAGE, status: 'RUNNING' });
    expect(await owner.document.count({ where: { type: job.documentType } })).toBe(2 * PAGE);

    await owner.$executeRawUnsafe(`drop trigger refuse_third_page on documents`);
    const outcome = await service.run(job, 2, async () => {});
    expect(outcome.status).toBe('succeeded');
    const docs = await owner.document.count({ where: { type: job.documentType } });
    const lines = await owner.documentLine.count({ where: { organizationId: tenant.organizationId } });
    const run = await owner.syncRun.findUniqueOrThrow({ where: { id: job.syncRunId } });
    // Every record read exactly once over both attempts: the retry started at the third page.
    expect(run).toMatchObject({ status: 'SUCCEEDED', recordsRead: docs, recordsUpserted: docs, pages: Math.ceil(docs / PAGE) });
    expect(lines).toBe(served);
  });
});
