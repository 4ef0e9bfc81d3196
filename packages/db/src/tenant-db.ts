import type { AuditAction } from '@portal/contracts';
import type pg from 'pg';
import { poolConnection } from './client';
import type { Prisma, PrismaClient } from './generated/client';
import type { ReadReplica } from './read-replica';

declare const orgTxBrand: unique symbol;
declare const orgConnectionBrand: unique symbol;

/**
 * A transaction in which row-level security knows who is asking. Only
 * TenantDb hands these out, so repository methods that take one cannot be
 * called without an organisation (or another explicit path) being set.
 */
export type OrgTx = Prisma.TransactionClient & { readonly [orgTxBrand]: true };

/**
 * The raw pg connection an OrgTx runs on: the same transaction, with the
 * same settings already applied, for statements Prisma would only slow down
 * (the set-based writer's bulk JSON). Reachable only through an OrgTx.
 */
export type OrgConnection = Pick<pg.ClientBase, 'query'> & { readonly [orgConnectionBrand]: true };

const connectionOfTx = new WeakMap<OrgTx, OrgConnection>();

/** The connection under `tx`, when its pool says which one it is (see poolConnection). */
export function orgConnection(tx: OrgTx): OrgConnection | undefined {
  return connectionOfTx.get(tx);
}

export interface PlatformActor {
  userId: string;
  organizationId: string;
}

type Settings = Record<string, string>;

/** Planner settings a read may set for its own transaction (`readAsOrg`). */
export interface PlannerSettings {
  work_mem?: string;
  enable_mergejoin?: 'on' | 'off';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TenantDbOptions {
  /**
   * The id of the request being served, if any: set as `app.request_id` in
   * each transaction, where audit rows take it as their default
   * (`audit_events.request_id`), so no writer has to pass it along.
   */
  requestId?: () => string | undefined;
}

export class TenantDb {
  /** `reads`: the replica behind `readAsOrg` (DATABASE_READ_URL); without it those reads use the primary. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly reads?: ReadReplica,
    private readonly opts: TenantDbOptions = {},
  ) {}

  /** The caller's organisation: sees and changes its own rows (and what connections grant). */
  runAsOrg<T>(organizationId: string, fn: (tx: OrgTx) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
    if (!UUID.test(organizationId)) throw new Error('runAsOrg needs an organisation id');
    return this.run({ 'app.org_id': organizationId }, fn, opts.timeoutMs);
  }

  /**
   * The same organisation scope as `runAsOrg`, for read-heavy screens
   * (lists, totals, series, export): a READ ONLY transaction, served by the
   * read replica when one is configured and has replayed the caller's last
   * write (`ReadReplica`), else by the primary. Read-only is what makes the
   * routing safe: a write would fail on the replica, and `fn` may run again on
   * the primary when the replica fails under it. `oneSnapshot`: every
   * statement of `fn` sees the same snapshot (REPEATABLE READ), for reads
   * whose statements must agree with each other (the changes feed).
   * `planner`: the transaction's planner settings, for reads whose shape the
   * defaults misjudge (`work_mem` for groupings of tens of thousands of rows
   * that would spill to disk; `enable_mergejoin` where row estimates of CTEs
   * make sorting text look cheap).
   */
  readAsOrg<T>(
    organizationId: string,
    fn: (tx: OrgTx) => Promise<T>,
    opts: { timeoutMs?: number; oneSnapshot?: boolean; planner?: PlannerSettings } = {},
  ): Promise<T> {
    if (!UUID.test(organizationId)) throw new Error('readAsOrg needs an organisation id');
    // transaction_read_only may be switched on at any point of a transaction (only off is refused), so it rides the same round trip.
    const settings: Settings = { transaction_read_only: 'on', 'app.org_id': organizationId, ...opts.planner };
    const isolation = opts.oneSnapshot ? ('RepeatableRead' as const) : undefined;
    if (!this.reads) return this.run(settings, fn, opts.timeoutMs, this.prisma, isolation);
    return this.reads.read((client) => this.run(settings, fn, opts.timeoutMs, client, isolation));
  }

  /**
   * The one path across tenants, for platform admins: explicit at the call
   * site, and every use is written to the audit log in the same transaction.
   */
  runAsPlatformAdmin<T>(actor: PlatformActor, reason: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.org_id': actor.organizationId, 'app.platform_admin': 'on' }, async (tx) => {
      await tx.auditEvent.create({
        data: {
          organizationId: actor.organizationId,
          actorUserId: actor.userId,
          actorOrgId: actor.organizationId,
          action: 'platform_admin.access' satisfies AuditAction,
          metadata: { reason },
        },
      });
      return fn(tx);
    });
  }

  /** Login: exactly the user row with this email becomes readable. */
  runForLogin<T>(email: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.login_email': email }, fn);
  }

  /** External ingestion: exactly the API key with this public prefix becomes readable. */
  runForApiKey<T>(prefix: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.api_key_prefix': prefix }, fn);
  }

  /** The OAuth token endpoint: exactly the client with this public client id becomes readable. */
  runForOAuthClient<T>(clientId: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.oauth_client_id': clientId }, fn);
  }

  /** Invite links: the invite with this token hash, optionally as a signed-in organisation. */
  runForInvite<T>(tokenHash: string, fn: (tx: OrgTx) => Promise<T>, opts: { orgId?: string } = {}): Promise<T> {
    return this.run({ 'app.invite_token_hash': tokenHash, ...(opts.orgId ? { 'app.org_id': opts.orgId } : {}) }, fn);
  }

  /**
   * The public member-invite page: the member invite with this token hash and
   * its organisation's name and kind, read only. Accepting it then runs as
   * that organisation (`runAsOrg`), which claims the invite by the same hash.
   */
  runForMemberInvite<T>(tokenHash: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.member_invite_token_hash': tokenHash }, fn);
  }

  /** A password reset link: exactly the reset token with this hash becomes readable (to learn its organisation). */
  runForPasswordReset<T>(tokenHash: string, fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.password_reset_token_hash': tokenHash }, fn);
  }

  /** The worker's outbox relay: undispatched outbox events of every organisation, nothing else. */
  runAsOutboxRelay<T>(fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.outbox_relay': 'on' }, fn);
  }

  /**
   * The worker's sync scheduler: reads every organisation's integrations
   * (id, kind, state) to reconcile job schedulers, and their QUEUED or
   * RUNNING runs to find those whose job was lost, nothing else.
   */
  runAsSyncScheduler<T>(fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.sync_scheduler': 'on' }, fn);
  }

  /**
   * The worker's invite expiry sweep: reads PENDING and EXPIRED connection
   * and member invites of every organisation, may only turn PENDING into
   * EXPIRED, and may only write the `connection.invite_expired` and
   * `member.invite_expired` audit events, nothing else.
   */
  runAsInviteExpiry<T>(fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.invite_expiry': 'on' }, fn);
  }

  /**
   * The worker's webhook sweep: reads the PENDING webhook messages of every
   * organisation (to queue again those whose next attempt is overdue),
   * nothing else; delivering runs as the message's organisation.
   */
  runAsWebhookSweep<T>(fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.webhook_sweep': 'on' }, fn);
  }

  /**
   * The worker's insight fold: calls `insight_fold()`, which moves the
   * appended line deltas into the insight sums and the principals' deltas into
   * their roll-up as the function's owner; reads nothing itself.
   */
  runAsInsightFold<T>(fn: (tx: OrgTx) => Promise<T>): Promise<T> {
    return this.run({ 'app.insight_fold': 'on' }, fn);
  }

  private run<T>(
    given: Settings,
    fn: (tx: OrgTx) => Promise<T>,
    timeoutMs = 15_000,
    client = this.prisma,
    isolationLevel?: Prisma.TransactionIsolationLevel,
  ): Promise<T> {
    const requestId = this.opts.requestId?.();
    const settings = requestId ? { ...given, 'app.request_id': requestId } : given;
    const keys = Object.keys(settings);
    const values = Object.values(settings);
    return client.$transaction(
      async (tx) => {
        // One round trip; `true` makes every setting local to this transaction.
        // The server process id names the pool connection the transaction holds.
        const [row] = await tx.$queryRawUnsafe<{ backend_pid: number }[]>(
          `select ${keys.map((k, i) => `set_config('${k}', $${i + 1}, true)`).join(', ')}, pg_backend_pid() as backend_pid`,
          ...values,
        );
        const orgTx = tx as OrgTx;
        const connection = poolConnection(this.prisma, row?.backend_pid ?? null);
        if (connection) connectionOfTx.set(orgTx, connection as unknown as OrgConnection);
        return fn(orgTx);
      },
      { timeout: timeoutMs, maxWait: 10_000, ...(isolationLevel ? { isolationLevel } : {}) },
    );
  }
}
