import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import pg from 'pg';

// The schema engine's catalogue queries return Postgres "char" (OID 18),
// which @prisma/adapter-pg 7.10 cannot map; it must reach the engine as
// Character (reading it as text breaks once CHECK constraints exist).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type Field = { dataTypeID: number };
type IOResult = { fields: Field[]; rows: unknown[][] };
type RawResult = { columnTypes: number[]; rows: unknown[][] };
interface Patchable {
  performIO(q: unknown): Promise<IOResult>;
  queryRaw(q: unknown): Promise<RawResult>;
  executeScript?(script: string): Promise<void>;
  startTransaction?(iso?: unknown): Promise<Patchable>;
  client: { query(sql: string): Promise<unknown> };
}

function patchQueryable<T>(target: T): T {
  const q = target as unknown as Patchable;
  const charColumns = new WeakMap<unknown[][], number[]>();
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    const cols: number[] = [];
    result.fields.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        cols.push(i);
      }
    });
    if (cols.length) charColumns.set(result.rows, cols);
    return result;
  };
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  if (q.executeScript) {
    // The adapter splits scripts on every ';', which breaks $$-quoted function
    // bodies and leaves a failing migration half-applied. One simple-protocol
    // query runs the whole script as one implicit transaction instead.
    q.executeScript = async (script) => {
      await q.client.query(script);
    };
  }
  if (q.startTransaction) {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (iso) => patchQueryable(await start(iso));
  }
  return target;
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * Driver adapter factory for the wasm schema engine: the main database, and a
 * shadow database that this factory creates and drops by name (the stock
 * factory can end up on the main database and drops it before closing).
 */
export function migrationAdapterFactory(url: string) {
  const main = new PrismaPg({ connectionString: url, max: 2 });
  return {
    provider: 'postgres' as const,
    adapterName: '@prisma/adapter-pg',
    async connect() {
      return patchQueryable(await main.connect());
    },
    async connectToShadowDb() {
      const shadowName = `${databaseName(url)}_shadow_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${shadowName}"`);
      } finally {
        await admin.end();
      }
      const adapter = patchQueryable(await new PrismaPg({ connectionString: withDatabase(url, shadowName), max: 2 }).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // close the shadow pool first, then drop it
        const c = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      };
      return adapter;
    },
  };
}
