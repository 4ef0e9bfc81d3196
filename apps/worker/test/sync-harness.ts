import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connectorSettings, generateDmsTemplates, type GeneratedTemplate, sapConnector } from '@portal/connectors';
import { dmsCatalogue, JOBS, QUEUES, type SapConnection, type SyncTickJobV1 } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, Prisma, type PrismaClient } from '@portal/db';
import { catalogue, eventually, freePort } from '@portal/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { bootWorker, type WorkerApp } from '../src/app';
import { loadWorkerEnv } from '../src/env';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Workers started by tests log errors only, so their JSON logs do not fill the
// test output; TEST_LOG_LEVEL=info (or debug) shows everything when debugging.
const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
export const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED'] as const;
const WORKER_DIR = join(__dirname, '..');

/**
 * One test scope: its own BullMQ prefix (so it never consumes another
 * suite's or helper's jobs), its own sample DMS, and workers pointed at both.
 */
export class SyncScope {
  readonly prefix = `t-sync-${randomBytes(4).toString('hex')}`;
  readonly redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  readonly queue = new Queue(QUEUES.sync, { connection: this.redis, prefix: this.prefix });
  readonly housekeeping = new Queue(QUEUES.housekeeping, { connection: this.redis, prefix: this.prefix });
  private readonly workers: WorkerApp[] = [];
  /** Everything spawned workers wrote (stdout and stderr), for tests that check what is logged. */
  readonly logs: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly db: { ownerUrl: string; appUrl: string },
    private readonly dmsUrl: string,
  ) {}

  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL,
      DATABASE_URL: this.db.ownerUrl,
      APP_DATABASE_URL: this.db.appUrl,
      DATABASE_POOL_MAX: '6',
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      DMS_BASE_URL: this.dmsUrl,
      WORKER_HEALTH_PORT: '0',
      SYNC_PAGE_SIZE: '25',
      SYNC_BACKOFF_MS: '100',
      SYNC_LOCK_MS: '3000',
      OUTBOX_RELAY_INTERVAL_MS: '500',
      SHUTDOWN_GRACE_MS: '5000',
      ...overrides,
    };
  }

  async startWorker(overrides: Record<string, string> = {}): Promise<WorkerApp> {
    const env = loadWorkerEnv(this.env(overrides));
    const app = await bootWorker(env, pino({ level: env.LOG_LEVEL }));
    this.workers.push(app);
    return app;
  }

  /**
   * The real worker entry point in its own process, so it can be killed with
   * SIGKILL. Ready once its health endpoint answers 200 (it logs errors only).
   */
  async spawnWorker(overrides: Record<string, string> = {}): Promise<ChildProcess> {
    const healthPort = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: WORKER_DIR,
      env: { ...process.env, ...this.env({ WORKER_HEALTH_PORT: String(healthPort), ...overrides }) },
      // Its output is kept for the error below, never printed.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-20_000);
      this.logs.push(b.toString());
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${output}`))));
    exited.catch(() => undefined);
    const ready = (async () => {
      while (child.exitCode === null && child.signalCode === null) {
        const ok = await fetch(`http://127.0.0.1:${healthPort}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.race([ready, exited]);
    return child;
  }

  /** Stops every worker process this scope spawned (no job may run elsewhere unseen). */
  async killChildren() {
    for (const c of this.children) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
  }

  /** As a Redis restarted without persistence (or flushed) leaves this scope: none of its queues' keys. */
  async flushQueues(): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await this.redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  tick(t: { organizationId: string; integrationId: string }) {
    const data: SyncTickJobV1 = { v: 1, organizationId: t.organizationId, integrationId: t.integrationId };
    return this.queue.add(JOBS.syncTick.name, data);
  }

  async close() {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const w of this.workers) await w.close();
    await this.queue.obliterate({ force: true });
    await this.queue.close();
    await this.housekeeping.obliterate({ force: true });
    await this.housekeeping.close();
    this.redis.disconnect();
  }
}

/** Test data set-up and inspection as the database owner (RLS does not apply). */
export class Fixtures {
  readonly owner: PrismaClient;
  private readonly box: SecretBox;

  constructor(ownerUrl: string) {
    this.owner = createPrismaClient(ownerUrl, { poolMax: 4 });
    this.box = SecretBox.fromConfig(loadWorkerEnv({ NODE_ENV: 'test' }).ENCRYPTION_KEYS);
  }

  /** A distributor with an ACTIVE DMS integration and generated templates, as after an admin set its AccessKey. */
  async distributor(accessKey: string, opts: { types?: string[]; state?: 'ACTIVE' | 'DISABLED' | 'ERROR' } = {}) {
    const organizationId = randomUUID();
    const integrationId = randomUUID();
    await this.owner.organization.create({
      data: { id: organizationId, kind: 'DISTRIBUTOR', name: `Distributor ${accessKey.split('-')[0]} ${organizationId.slice(0, 4)}` },
    });
    await this.owner.integration.create({
      data: {
        id: integrationId,
        organizationId,
        kind: 'DMS',
        name: 'SimpliDOTS: DMS',
        state: opts.state ?? 'ACTIVE',
        dmsTenantId: accessKey.split('-')[0]!,
        secretCipher: this.box.encrypt(accessKey, integrationId),
      },
    });
    const templates = generateDmsTemplates(dmsCatalogue.parse(catalogue())).filter((t) => !opts.types || opts.types.includes(t.sourceModel));
    await this.storeTemplates(organizationId, integrationId, templates);
    return { organizationId, integrationId, types: templates.length };
  }

  /**
   * A distributor with an ACTIVE SAP integration, as the API's connect leaves it:
   * the whole connection sealed, templates generated from the SAP's own metadata.
   */
  async sapDistributor(connection: SapConnection) {
    const organizationId = randomUUID();
    const integrationId = randomUUID();
    await this.owner.organization.create({ data: { id: organizationId, kind: 'DISTRIBUTOR', name: `SAP distributor ${organizationId.slice(0, 4)}` } });
    await this.owner.integration.create({
      data: {
        id: integrationId,
        organizationId,
        kind: 'SAP',
        name: 'SAP S/4HANA',
        state: 'ACTIVE',
        secretCipher: this.box.encrypt(JSON.stringify(connection), integrationId),
      },
    });
    const settings = connectorSettings({ DMS_BASE_URL: 'http://127.0.0.1:1', OUTBOUND_ALLOW_PRIVATE: true, SAP_PURCHASE_INVOICE_WINDOW_DAYS: 7 }).SAP;
    const templates = await sapConnector(connection, settings).describe();
    await this.storeTemplates(organizationId, integrationId, templates);
    return { organizationId, integrationId, types: templates.length };
  }

  private async storeTemplates(organizationId: string, integrationId: string, templates: GeneratedTemplate[]) {
    for (const t of templates) {
      await this.owner.modelTemplate.create({
        data: {
          organizationId,
          integrationId,
          documentType: t.documentType,
          sourceModel: t.sourceModel,
          version: 1,
          isCurrent: true,
          rules: t.rules as unknown as Prisma.InputJsonValue,
          unmappedFields: t.unmappedFields,
          fieldLabels: t.fieldLabels,
        },
      });
    }
  }

  /** As the admin flow does when a working AccessKey is set (apps/api AdminService.setAccessKey). */
  async setAccessKey(integrationId: string, accessKey: string) {
    await this.owner.integration.update({
      where: { id: integrationId },
      data: {
        state: 'ACTIVE',
        stateReason: null,
        stateReasonCode: null,
        stateReasonParams: Prisma.DbNull,
        secretCipher: this.box.encrypt(accessKey, integrationId),
      },
    });
  }

  /** The integration's document runs; the customers and products runs planned beside them are `master-data.int.spec.ts`'s. */
  runs(integrationId: string) {
    return this.owner.syncRun.findMany({ where: { integrationId, masterDataKind: null }, orderBy: [{ queuedAt: 'asc' }, { documentType: 'asc' }] });
  }

  /** Waits until the integration has at least `count` document runs and all of them have ended. */
  async settledRuns(integrationId: string, count: number, deadlineMs = 120_000) {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const runs = await this.runs(integrationId);
      if (runs.length >= count && runs.every((r) => (TERMINAL as readonly string[]).includes(r.status))) return runs;
      if (Date.now() > until) throw new Error(`runs did not settle: ${JSON.stringify(runs.map((r) => [r.documentType, r.status, r.pages, r.error]))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = 120_000): Promise<T> {
    return eventually(what, probe, deadlineMs);
  }

  async documentCounts(integrationId: string) {
    const rows = await this.owner.$queryRaw<{ type: string; documents: number; distinct_sources: number; lines: number }[]>`
      select d.type::text as type, count(*)::int as documents, count(distinct d.source_id)::int as distinct_sources,
             coalesce(sum((select count(*) from document_lines l where l.document_id = d.id)), 0)::int as lines
        from documents d where d.integration_id = ${integrationId}::uuid group by d.type order by d.type`;
    return Object.fromEntries(rows.map((r) => [r.type, { documents: r.documents, distinctSources: r.distinct_sources, lines: r.lines }]));
  }

  close() {
    return this.owner.$disconnect();
  }
}
