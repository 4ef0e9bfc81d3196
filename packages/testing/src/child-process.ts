import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** An app's entry point run as `pnpm start` runs it: a process of its own, killed as a crash would kill it. */
export interface AppProcess {
  readonly pid: number;
  /** SIGTERM, then waits for the graceful shutdown (SIGKILL after 15 s). */
  close(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Spawns `src/main.ts` of the app in `cwd` with only `env` (plus PATH), keeps
 * the last of its stderr for the error, and resolves once `healthUrl`
 * answers 200.
 */
export async function spawnApp(
  name: string,
  cwd: string,
  env: Record<string, string>,
  healthUrl: string,
  timeoutMs: number,
): Promise<{ child: ChildProcess; process: AppProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd,
    // Only what the app is given: the test runner's own DATABASE_URL etc. must not leak in.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  try {
    await waitForHealth(name, child, healthUrl, timeoutMs, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, process: { pid: child.pid!, close: () => stop(child), kill: () => kill(child) } };
}

async function waitForHealth(name: string, child: ChildProcess, url: string, timeoutMs: number, stderr: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was healthy:\n${stderr()}`);
    const status = await fetch(url).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`${name} not healthy after ${timeoutMs} ms (last ${url} status ${status}):\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stop(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const done = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

async function kill(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const done = once(child, 'exit');
  child.kill('SIGKILL');
  await done;
}

/** A TCP port nobody listens on right now (for a spawned process's own port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}
