import { orgConnection, type OrgTx } from './tenant-db';

/**
 * Runs a set-based writer's statement on the transaction's own pg connection
 * when TenantDb knows it (whenever the server names each connection's
 * process), else through Prisma. Same transaction and settings either way; the raw path
 * skips Prisma's query engine, which `pnpm bench:consolidate` profiled at
 * about a fifth of the worker's CPU, most of it copying these large JSON
 * parameters in and out of its WebAssembly engine.
 */
export async function rawQuery<T>(tx: OrgTx, sql: string, ...params: unknown[]): Promise<T[]> {
  const connection = orgConnection(tx);
  if (connection) return (await connection.query(sql, params)).rows as T[];
  return tx.$queryRawUnsafe<T[]>(sql, ...params);
}
