import type { CanonicalDocument, DocumentType } from '@portal/contracts';
import { createPrismaClient, TenantDb, writeDocuments } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { rng } from './search-queries';

// What the insight sums cost consolidation: the worker's write path
// (writeDocuments, one transaction per page under the distributor's RLS, two
// document types at a time as SYNC_ORG_CONCURRENCY allows by default) over
// the same generated pages, on fresh databases, once as migrated and once
// with the insight triggers disabled. The distributor is CONNECTED to
// PRINCIPALS brand owners, each with SKUs mapped from its third of the
// distributor's products, so the triggers also keep every principal's SKU
// sums (each line resolved once per connected principal), as in production.
// With the triggers on, the lines are only appended: the insight fold runs
// beside the writes every INSIGHT_FOLD_MS as the worker runs it, and once
// more after the last page; the clock covers that fold too, so the ratio is
// what the sums cost in all, not only what the write's transaction pays.

/** Brand owners the distributor sells for (BENCH_PRINCIPALS, default 3): the SKU sums cost grows with them. */
const PRINCIPALS = Number(process.env.BENCH_PRINCIPALS ?? 3);
const PRODUCTS = 300;

/** The worker's defaults (apps/worker/src/env.ts: SYNC_PAGE_SIZE, SYNC_ORG_CONCURRENCY). */
const PAGE_SIZE = 500;
const LANES = 2;
const INSIGHT_TRIGGERS = ['document_lines_insight_insert', 'document_lines_insight_update', 'document_lines_insight_delete'];
/** The worker's default (apps/worker/src/env.ts: INSIGHT_FOLD_MS). */
const FOLD_EVERY_MS = Number(process.env.INSIGHT_FOLD_MS ?? 2000);

export interface WriteRun {
  triggers: 'on' | 'off';
  lines: number;
  documents: number;
  elapsedMs: number;
  linesPerSecond: number;
  /** Rows of the insight sums afterwards (0 with the triggers off). */
  sumRows: number;
  /** Folds that moved rows (triggers on), the last one after the writes included. */
  folds: number;
}

export interface WriteCost {
  lines: number;
  pageSize: number;
  lanes: number;
  /** In the order they ran: on, off, off, on (so a drift of the machine over time weighs on both sides alike). */
  runs: WriteRun[];
  /** Mean time with the triggers over mean time without: the cost the sums add (target <= 1.3x). */
  ratio: number;
}

type Page = { type: DocumentType; docs: CanonicalDocument[] };

const TYPES: { type: DocumentType; share: number }[] = [
  { type: 'SALES_INVOICE', share: 0.8 },
  { type: 'SALES_RETURN', share: 0.06 },
  { type: 'PURCHASE_INVOICE', share: 0.1 },
  { type: 'SALES_ORDER', share: 0.04 },
];
const UNITS: [string, number][] = [
  ['PCS', 1],
  ['DUS', 12],
  ['KRT', 48],
];

/** A distributor's canonical pages as its templates would hand them to the writer: about `lines` lines, 13 months, 800 outlets, 300 products. */
export function generatePages(lines: number, seed = 7): Page[] {
  const r = rng(seed);
  const documents = Math.max(1, Math.round(lines / 5));
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const pages: Page[] = [];
  for (const { type, share } of TYPES) {
    const count = Math.max(1, Math.round(documents * share));
    const docs: CanonicalDocument[] = [];
    for (let n = 0; n < count; n++) {
      const customer = Math.floor(800 * r() ** 1.5);
      const purchase = type === 'PURCHASE_INVOICE';
      const docLines = Array.from({ length: 1 + ((n * 7) % 9) }, (_, l) => {
        const product = Math.floor(300 * r() ** 2.5);
        const [unit, factor] = UNITS[Math.floor(r() * 3)]!;
        const qty = 1 + Math.floor(r() * 24);
        const price = (1000 + ((product * 7919) % 400) * 25) * factor;
        const net = qty * price;
        const tax = Math.round(net * 11) / 100;
        return {
          lineNo: l + 1,
          productCode: `PRD-${String(product).padStart(4, '0')}`,
          productName: `Product ${product}`,
          quantity: String(qty),
          unit,
          quantityBase: String(qty * factor),
          unitPrice: price.toFixed(2),
          discount: '0',
          tax: tax.toFixed(2),
          amount: (net + tax).toFixed(2),
        };
      });
      const tax = docLines.reduce((s, l) => s + Number(l.tax), 0);
      const total = docLines.reduce((s, l) => s + Number(l.amount), 0);
      const date = new Date(today - Math.floor(r() * 395) * 86_400_000).toISOString().slice(0, 10);
      docs.push({
        sourceId: `${type}-${n}`,
        sourceUpdatedAt: `${date}T08:00:00.000Z`,
        number: `${type.slice(0, 2)}/${n}`,
        date,
        partyCode: purchase ? `SUP${1 + (n % 3)}` : `C${String(customer).padStart(5, '0')}`,
        partyName: purchase ? 'PT Supplier' : `Outlet ${customer}`,
        salesmanCode: purchase ? null : `S${String(1 + (customer % 20)).padStart(2, '0')}`,
        currency: 'IDR',
        subtotal: (total - tax).toFixed(2),
        discount: '0',
        tax: tax.toFixed(2),
        total: total.toFixed(2),
        status: 'CLOSED',
        lines: docLines,
      });
    }
    for (let i = 0; i < docs.length; i += PAGE_SIZE) pages.push({ type, docs: docs.slice(i, i + PAGE_SIZE) });
  }
  return pages;
}

/** PRINCIPALS principals CONNECTED for every type, principal k mapping the products whose number is k modulo PRINCIPALS to SKUs of the same number. */
async function connectPrincipals(owner: ReturnType<typeof createPrismaClient>, distributorId: string): Promise<void> {
  for (let k = 0; k < PRINCIPALS; k++) {
    const principal = await owner.organization.create({ data: { kind: 'PRINCIPAL', name: `Bench principal ${k + 1}` } });
    await owner.connection.create({
      data: {
        principalOrgId: principal.id,
        distributorOrgId: distributorId,
        status: 'CONNECTED',
        documentTypes: ['SALES_INVOICE', 'SALES_RETURN', 'PURCHASE_INVOICE', 'SALES_ORDER', 'PURCHASE_ORDER'],
        integrationIds: [],
        connectedAt: new Date(),
      },
    });
    await owner.$executeRawUnsafe(
      `insert into principal_skus (id, organization_id, code, name, base_unit, conversions, updated_at)
       select gen_random_uuid(), $1::uuid, 'SKU-' || lpad(n::text, 4, '0'), 'SKU ' || n, 'PCS', '[{"unit":"DUS","factor":"12"},{"unit":"KRT","factor":"48"}]', now()
         from generate_series(0, ${PRODUCTS - 1}) n where n % ${PRINCIPALS} = ${k}`,
      principal.id,
    );
    await owner.$executeRawUnsafe(
      `insert into product_mappings (id, organization_id, distributor_id, product_code, sku_id, method)
       select gen_random_uuid(), s.organization_id, $2::uuid, 'PRD-' || substr(s.code, 5), s.id, 'CODE' from principal_skus s where s.organization_id = $1::uuid`,
      principal.id,
      distributorId,
    );
  }
}

async function ownerStatements(db: TestDatabase, sql: string[]): Promise<void> {
  const owner = createPrismaClient(db.ownerUrl, { poolMax: 1 });
  try {
    for (const s of sql) await owner.$executeRawUnsafe(s);
  } finally {
    await owner.$disconnect();
  }
}

/** One fresh database, one distributor, every page written as the worker writes them; the clock covers the writes and, triggers on, the folds until nothing is left. */
async function writeRun(pages: Page[], triggers: 'on' | 'off'): Promise<WriteRun> {
  const db = await createTestDatabase(`bench_insight_write_${triggers}`);
  try {
    const owner = createPrismaClient(db.ownerUrl, { poolMax: 1 });
    let organizationId: string;
    let integrationId: string;
    try {
      const org = await owner.organization.create({ data: { kind: 'DISTRIBUTOR', name: `Bench distributor (insight triggers ${triggers})` } });
      const integration = await owner.integration.create({ data: { organizationId: org.id, kind: 'DMS', name: 'DMS', state: 'ACTIVE', dmsTenantId: 'T1' } });
      organizationId = org.id;
      integrationId = integration.id;
      await connectPrincipals(owner, org.id);
    } finally {
      await owner.$disconnect();
    }
    if (triggers === 'off')
      await ownerStatements(
        db,
        INSIGHT_TRIGGERS.map((t) => `alter table document_lines disable trigger ${t}`),
      );

    const app = createPrismaClient(db.appUrl, { poolMax: LANES + 1 });
    const tenant = new TenantDb(app);
    try {
      await app.$connect();
      // Each lane takes whole types, as each sync job is one type.
      const byType = new Map<DocumentType, Page[]>();
      for (const p of pages) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
      const queue = [...byType.values()];
      const fold = async () => (await tenant.runAsInsightFold((tx) => tx.$queryRaw<{ folded: number }[]>`select insight_fold() as folded`))[0]?.folded ?? 0;
      let folds = 0;
      let stop = () => {};
      const stopped = new Promise<true>((resolve) => {
        stop = () => resolve(true);
      });
      const started = performance.now();
      // As the worker's InsightFold: one pass every FOLD_EVERY_MS while pages are written (the wait ends with the writes).
      const folding = (async () => {
        while (triggers === 'on') {
          const ended = await Promise.race([stopped, new Promise<false>((resolve) => setTimeout(() => resolve(false), FOLD_EVERY_MS))]);
          if (ended) return;
          if ((await fold()) > 0) folds++;
        }
      })();
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          for (let typePages = queue.shift(); typePages; typePages = queue.shift()) {
            for (const page of typePages) {
              await tenant.runAsOrg(
                organizationId,
                (tx) => writeDocuments(tx, { organizationId, integrationId, type: page.type, templateVersion: 1 }, page.docs),
                { timeoutMs: 60_000 },
              );
            }
          }
        }),
      );
      stop();
      await folding;
      if (triggers === 'on' && (await fold()) > 0) folds++;
      const elapsedMs = performance.now() - started;
      const check = createPrismaClient(db.ownerUrl, { poolMax: 1 });
      try {
        const [row] = await check.$queryRawUnsafe<{ lines: number; documents: number; sums: number; unfolded: number }[]>(
          `select (select count(*) from document_lines)::int as lines, (select count(*) from documents)::int as documents,
                  ((select count(*) from insight_product_months) + (select count(*) from insight_customer_months) + (select count(*) from insight_days)
                   + (select count(*) from insight_sku_months) + (select count(*) from insight_principal_months))::int as sums,
                  (select count(*) from insight_line_deltas)::int as unfolded`,
        );
        const lines = row?.lines ?? 0;
        if (row?.unfolded) throw new Error(`insight triggers ${triggers}: ${row.unfolded} appended rows left unfolded`);
        return { triggers, lines, documents: row?.documents ?? 0, elapsedMs, linesPerSecond: lines / (elapsedMs / 1000), sumRows: row?.sums ?? 0, folds };
      } finally {
        await check.$disconnect();
      }
    } finally {
      await app.$disconnect();
    }
  } finally {
    await db.drop();
  }
}

/** On, off, off, on over the same pages, each on a fresh database. */
export async function measureWriteCost(lines: number, log: (line: string) => void): Promise<WriteCost> {
  const pages = generatePages(lines);
  const total = pages.reduce((s, p) => s + p.docs.reduce((n, d) => n + d.lines.length, 0), 0);
  const runs: WriteRun[] = [];
  for (const triggers of ['on', 'off', 'off', 'on'] as const) {
    const run = await writeRun(pages, triggers);
    if (run.lines !== total) throw new Error(`insight triggers ${triggers}: wrote ${run.lines} lines of ${total}`);
    log(
      `  triggers ${triggers}: ${run.lines.toLocaleString('en')} lines in ${(run.elapsedMs / 1000).toFixed(1)} s (${Math.round(run.linesPerSecond)} lines/s${triggers === 'on' ? `, ${run.folds} folds` : ''})`,
    );
    runs.push(run);
  }
  const mean = (t: 'on' | 'off') => {
    const xs = runs.filter((r) => r.triggers === t);
    return xs.reduce((s, r) => s + r.elapsedMs, 0) / xs.length;
  };
  return { lines: total, pageSize: PAGE_SIZE, lanes: LANES, runs, ratio: mean('on') / mean('off') };
}
