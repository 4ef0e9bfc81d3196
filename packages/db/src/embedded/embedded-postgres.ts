import { spawn } from 'node:child_process';
import path from 'node:path';

export interface EmbeddedPostgres {
  /** Owner (superuser) URL; PGlite has one database, so the name is always `postgres`. */
  ownerUrl: string;
  port: number;
  stop(): Promise<void>;
}

const PACKAGE_DIR = path.resolve(__dirname, '../..');

/**
 * Starts src/embedded/pglite-server.ts in a child process (the same server
 * `pnpm start` runs) and resolves once it listens. `dataDir` is a folder, or
 * `memory://` for a database that disappears with the process.
 */
export function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded/pglite-server.ts', `--data-dir=${dataDir}`], {
    cwd: PACKAGE_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const ready = /ready (\{.*\})/.exec(out);
      if (!ready?.[1]) return;
      const { port } = JSON.parse(ready[1]) as { port: number };
      resolve({
        ownerUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
        port,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`the embedded PostgreSQL exited before it listened:\n${out}`)));
  });
}
