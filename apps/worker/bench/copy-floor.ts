import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { CanonicalDocument, DocumentType } from '@portal/contracts';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type BenchTenant, canonicalPages } from './bench-fixtures';

/** Pre-parsed rows: every page pulled and templated, each document given its id up front. */
export interface ParsedPage {
  type: DocumentType;
  version: number;
  docs: { id: string; doc: CanonicalDocument }[];
}

/** Pulls and templates every page before any clock starts, as both floors do. */
export async function parsedPages(dmsUrl: string, tenant: BenchTenant, pageSize: number): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  for await (const page of canonicalPages(dmsUrl, tenant, pageSize))
    pages.push({ type: page.type, version: page.version, docs: page.docs.map((doc) => ({ id: randomUUID(), doc })) });
  return pages;
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** One field of COPY's text format: `\N` is null; backslash, tab and line breaks are escaped. */
const field = (v: string | number | null): string =>
  v === null ? '\\N' : typeof v === 'number' ? String(v) : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : v;

const DOCUMENT_COLUMNS = `id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, salesman_code,
  currency, subtotal, discount, tax, total, status, source_updated_at, template_version, line_count`;
const LINE_COLUMNS = `document_id, line_no, organization_id, type, integration_id, product_code, product_name, quantity, unit, quantity_base, unit_price,
  discount, tax, amount`;

/**
 * The real floor: the same pre-parsed rows streamed with `COPY … FROM STDIN`
 * (text format, one chunk per page, with backpressure) straight into
 * `documents` and `document_lines`, with every index, constraint and foreign
 * key, in one transaction. Postgres refuses `COPY FROM` into a table whose
 * row-level security applies to the writer ("COPY FROM not supported with
 * row-level security"), so this one runs as the tables' owner, for whom the
 * policies are not evaluated: a floor that is, if anything, too low.
 */
export async function copyFloor(tenant: BenchTenant, pages: ParsedPage[]): Promise<{ elapsedMs: number; lines: number; serverCpuMs: number | null }> {
  const client = new pg.Client({ connectionString: tenant.db.ownerUrl });
  await client.connect();
  const org = tenant.organizationId;
  const integration = tenant.integrationId;
  let lines = 0;
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const cpuBefore = backendCpuMs(pid);
    const started = process.hrtime.bigint();
    await client.query('begin');
    await copyChunks(client, `copy documents (${DOCUMENT_COLUMNS}) from stdin`, pages, (p) => {
      let text = '';
      for (const { id, doc: d } of p.docs)
        text += `${id}\t${org}\t${integration}\t${p.type}\t${field(d.sourceId)}\t${field(d.number)}\t${d.date}\t${field(d.partyCode)}\t${field(d.partyName)}\t${field(d.salesmanCode)}\t${field(d.currency)}\t${d.subtotal}\t${d.discount}\t${d.tax}\t${d.total}\t${field(d.status)}\t${d.sourceUpdatedAt}\t${p.version}\t${d.lines.length}\n`;
      return text;
    });
    await copyChunks(client, `copy document_lines (${LINE_COLUMNS}) from stdin`, pages, (p) => {
      let text = '';
      for (const { id, doc } of p.docs)
        for (const l of doc.lines) {
          text += `${id}\t${l.lineNo}\t${org}\t${p.type}\t${integration}\t${field(l.productCode)}\t${field(l.productName)}\t${l.quantity}\t${field(l.unit)}\t${l.quantityBase}\t${l.unitPrice}\t${l.discount}\t${l.tax}\t${l.amount}\n`;
          lines++;
        }
      return text;
    });
    await client.query('commit');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuAfter = backendCpuMs(pid);
    return { elapsedMs, lines, serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * CPU time (user + system) the Postgres process serving this connection has
 * used, from /proc when the server runs on this machine: unlike wall time it
 * hardly moves when other work shares the cores. Clock ticks are 10 ms.
 */
function backendCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

async function copyChunks(client: pg.Client, sql: string, pages: ParsedPage[], encode: (p: ParsedPage) => string): Promise<void> {
  const stream: Writable = client.query(copyFrom(sql));
  const failed = once(stream, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined);
  for (const p of pages) if (!stream.write(encode(p))) await Promise.race([once(stream, 'drain'), failed]);
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}

export interface IndexCost {
  /** `baseline` (every index), an index or foreign key name, or `all secondary indexes`. */
  dropped: string;
  table: string;
  linesPerSecond: number;
  /** Postgres CPU per 1,000 lines (null when the server's /proc is not readable here). */
  serverCpuMsPerKLines: number | null;
  /** Share of the baseline's Postgres CPU (wall time when CPU is unknown) this index or key costs. */
  share: number;
}

/**
 * What each secondary index and foreign key costs the write path: the COPY
 * floor again on a fresh database with one of them dropped at a time (the
 * bench's databases only), against the floor with all of them.
 */
export async function indexCosts(
  fresh: () => Promise<BenchTenant>,
  pages: ParsedPage[],
  drop: (tenant: BenchTenant, sql: string) => Promise<void>,
  log: (line: string) => void = () => {},
): Promise<IndexCost[]> {
  const probe = await fresh();
  let targets: { name: string; table: string; sql: string }[];
  try {
    targets = await writePathObjects(probe);
  } finally {
    await probe.db.drop();
  }
  // Postgres CPU rather than wall time: on a shared machine a run's wall time
  // moves with whatever else runs, and that would read as an index's cost.
  const measure = async (sql: string[]) => {
    const tenant = await fresh();
    try {
      for (const s of sql) await drop(tenant, s);
      const r = await copyFloor(tenant, pages);
      return {
        linesPerSecond: r.lines / (r.elapsedMs / 1000),
        serverCpuMsPerKLines: r.serverCpuMs === null ? null : (r.serverCpuMs / r.lines) * 1000,
        elapsedMs: r.elapsedMs,
      };
    } finally {
      await tenant.db.drop();
    }
  };
  const share = (base: Awaited<ReturnType<typeof measure>>, without: Awaited<ReturnType<typeof measure>>) =>
    base.serverCpuMsPerKLines !== null && without.serverCpuMsPerKLines !== null
      ? 1 - without.serverCpuMsPerKLines / base.serverCpuMsPerKLines
      : 1 - without.elapsedMs / base.elapsedMs;
  const baseline = await measure([]);
  const out: IndexCost[] = [{ dropped: 'baseline', table: 'documents, document_lines', ...baseline, share: 0 }];
  for (const t of targets) {
    log(`    without ${t.name}…`);
    const m = await measure([t.sql]);
    out.push({ dropped: t.name, table: t.table, linesPerSecond: m.linesPerSecond, serverCpuMsPerKLines: m.serverCpuMsPerKLines, share: share(baseline, m) });
  }
  const indexes = targets.filter((t) => !t.name.endsWith('_fkey'));
  const bare = await measure(indexes.map((t) => t.sql));
  out.push({
    dropped: 'all secondary indexes',
    table: 'documents, document_lines',
    linesPerSecond: bare.linesPerSecond,
    serverCpuMsPerKLines: bare.serverCpuMsPerKLines,
    share: share(baseline, bare),
  });
  return out;
}

/** Every secondary index (unique ones included) and foreign key of the two document tables. */
async function writePathObjects(tenant: BenchTenant): Promise<{ name: string; table: string; sql: string }[]> {
  const client = new pg.Client({ connectionString: tenant.db.ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; table: string; kind: string }>(
      `select i.relname as name, t.relname as "table", 'index' as kind
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where t.relname in ('documents', 'document_lines') and not x.indisprimary
       union all
       select c.conname, t.relname, 'fkey' from pg_constraint c join pg_class t on t.oid = c.conrelid
        where t.relname in ('documents', 'document_lines') and c.contype = 'f'
       order by 2 desc, 3, 1`,
    );
    return rows.map((r) => ({
      name: r.name,
      table: r.table,
      sql: r.kind === 'fkey' ? `alter table "${r.table}" drop constraint "${r.name}"` : `drop index "${r.name}"`,
    }));
  } finally {
    await client.end();
  }
}
