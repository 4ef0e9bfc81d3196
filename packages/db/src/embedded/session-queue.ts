import type { PGlite } from '@electric-sql/pglite';

const PROTOCOL_V3 = 196608;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: Error) => void;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Reads the `user` parameter of a protocol-3 startup message, or null for any other message. */
export function startupUser(message: Uint8Array): string | null {
  if (message.length < 8) return null;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(4) !== PROTOCOL_V3) return null;
  const parts = new TextDecoder().decode(message.subarray(8)).split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === 'user') return parts[i + 1] ?? null;
  return 'postgres';
}

/** A FATAL ErrorResponse, as a real server sends when a login is refused. */
function fatal(code: string, message: string): Uint8Array {
  const body = new TextEncoder().encode(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const out = new Uint8Array(5 + body.length);
  out[0] = 0x45; // 'E'
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

/**
 * Serialises many client connections onto PGlite's single backend session,
 * standing in for pglite-socket's own queue, which lets every connection run
 * as the superuser and can interleave two connections' extended-protocol
 * messages. Here:
 * - each connection runs as the role named in its startup message
 *   (`SET SESSION AUTHORIZATION` when the session changes hands), so the API
 *   and worker connect as the non-superuser application role and row-level
 *   security binds them as on a real server; unknown roles are refused;
 * - a connection keeps the session from its first message until it is idle
 *   again (after Sync or a simple Query, outside a transaction block), so
 *   Parse/Bind/Execute sequences and transactions are never interleaved.
 * Session-level settings (`SET` without LOCAL) are still shared by all
 * connections; the application only uses transaction-local ones.
 */
export class SessionQueue {
  private readonly queue: Pending[] = [];
  private readonly roles = new Map<number, string>();
  private owner: number | null = null;
  private sessionRole = 'postgres';
  private processing = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i];
      if (item?.handlerId === handlerId) {
        this.queue.splice(i, 1);
        item.reject(new Error('connection closed'));
      }
    }
  }

  /** A connection that goes away mid-sequence or mid-transaction must not leave the session to the next one in that state. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.roles.delete(handlerId);
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        const item = index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
        if (!item) break;
        try {
          item.resolve(await this.run(item));
        } catch (err) {
          item.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    } finally {
      this.processing = false;
    }
  }

  private async run(item: Pending): Promise<number> {
    const user = startupUser(item.message);
    if (user !== null) {
      const role = await this.db.query<{ rolcanlogin: boolean }>('select rolcanlogin from pg_roles where rolname = $1', [user]);
      if (!role.rows[0]?.rolcanlogin) {
        item.onData(fatal('28000', role.rows.length ? `role "${user}" is not permitted to log in` : `role "${user}" does not exist`));
        return 0;
      }
      this.roles.set(item.handlerId, user);
    } else if (item.message[0] === TERMINATE) {
      return 0; // the connection closes; the shared backend must not
    } else {
      const role = this.roles.get(item.handlerId) ?? 'postgres';
      if (this.owner === null && role !== this.sessionRole) {
        await this.db.exec(`SET SESSION AUTHORIZATION ${ident(role)}`);
        this.sessionRole = role;
      }
    }
    let bytes = 0;
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(item.message, {
        onRawData: (data) => {
          bytes += data.length;
          item.onData(data);
        },
      }),
    );
    const type = item.message[0];
    const endsSequence = user !== null || type === SYNC || type === QUERY;
    this.owner = endsSequence && !this.db.isInTransaction() ? null : item.handlerId;
    return bytes;
  }
}
