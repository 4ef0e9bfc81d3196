import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from './child-process';
import { eventually } from './eventually';

/** A mail as maildev's REST API (`GET /email`) returns it; the fields tests read. */
export interface CaughtMail {
  id: string;
  subject: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  text: string;
  html: string;
  headers: Record<string, string>;
  date: string;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  smtpUrl: string;
  smtpPort: number;
  /** The web inbox (and its REST API). */
  webUrl: string;
  /** Every mail caught so far, oldest first. */
  messages(): Promise<CaughtMail[]>;
  /** The first mail matching `predicate`, waiting for it up to `timeoutMs`. */
  waitForMail(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

const MAILDEV_BIN = path.join(path.dirname(require.resolve('maildev/package.json')), 'bin', 'maildev');

/**
 * Starts maildev (the local mail catcher `pnpm start` runs too) on free ports,
 * or on `smtpPort` when a test needs the same address again (a mail server
 * coming back), bound to 127.0.0.1; resolves once its REST API answers.
 */
export async function startMailCatcher(opts: { smtpPort?: number; webPort?: number } = {}): Promise<MailCatcher> {
  const smtpPort = opts.smtpPort ?? (await freePort());
  const webPort = opts.webPort ?? (await freePort());
  const webUrl = `http://127.0.0.1:${webPort}`;
  const child = spawn(process.execPath, [MAILDEV_BIN, '--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--silent'], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  try {
    await eventually(
      `maildev on ${webUrl}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`maildev exited with code ${child.exitCode}:\n${stderr}`);
        return fetch(`${webUrl}/email`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  const messages = async (): Promise<CaughtMail[]> => {
    const res = await fetch(`${webUrl}/email`);
    if (!res.ok) throw new Error(`maildev answered ${res.status}`);
    return (await res.json()) as CaughtMail[];
  };
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpPort,
    webUrl,
    messages,
    waitForMail: async (predicate, timeoutMs = 30_000) => eventually('a mail in the catcher', async () => (await messages()).find(predicate), timeoutMs),
    clear: async () => {
      const res = await fetch(`${webUrl}/email/all`, { method: 'DELETE' });
      if (!res.ok) throw new Error(`maildev answered ${res.status} to DELETE /email/all`);
    },
    stop: () => stop(child),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = once(child, 'exit');
  child.kill('SIGTERM');
  await done;
}
