import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditActorType } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';
import type { Actor, Caller } from '../../common/auth.decorators';
import { redactSecrets } from './audit-redaction';

/** Who acted, as the log shows it: a user (id, email), an API key or OAuth client (id, name), or SYSTEM. */
export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  label: string | null;
}

export interface AuditEntry {
  /** The organisation whose history the event belongs to. */
  organizationId: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  /**
   * The typed actor. Without it a row with `actorUserId` is that USER
   * (labelled with the user's email by the table's trigger) and one without
   * is SYSTEM.
   */
  actor?: AuditActor;
  action: AuditAction;
  targetType: string;
  targetId: string;
  metadata?: Prisma.InputJsonObject;
  /** What changed: the fields as they were and as they became (secrets are dropped whatever is passed). */
  before?: Prisma.InputJsonObject;
  after?: Prisma.InputJsonObject;
}

const auditEventSelect = {
  id: true,
  action: true,
  actorUserId: true,
  actorOrgId: true,
  targetType: true,
  targetId: true,
  metadata: true,
  createdAt: true,
} as const satisfies Prisma.AuditEventSelect;

/**
 * Owns audit_events' writes. Written inside the transaction of the change it
 * records; the request id comes with the transaction (TenantDb sets
 * `app.request_id`, the column's default). Nothing a caller passes reaches
 * the row unredacted.
 */
@Injectable()
export class AuditService {
  record(tx: OrgTx, entry: AuditEntry) {
    const { actor, metadata, before, after, ...rest } = entry;
    return tx.auditEvent.create({
      data: {
        ...rest,
        ...(actor ? { actorType: actor.type, actorId: actor.id, actorLabel: actor.label } : {}),
        metadata: redactSecrets(metadata ?? {}),
        ...(before ? { before: redactSecrets(before) } : {}),
        ...(after ? { after: redactSecrets(after) } : {}),
      },
      select: { id: true },
    });
  }

  /**
   * What a signed-in user did: the caller is the actor, and the event goes on
   * the caller's own trail unless `organizationId` names another (a platform
   * admin acting on a distributor's integration).
   */
  recordBy(
    tx: OrgTx,
    caller: Caller,
    entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'metadata' | 'before' | 'after'> & { organizationId?: string },
  ) {
    return this.record(tx, {
      organizationId: caller.organization.id,
      ...entry,
      actorUserId: caller.user.id,
      actorOrgId: caller.organization.id,
      actor: { type: 'USER', id: caller.user.id, label: caller.user.email },
    });
  }

  /** What a signed-in user or a bearer caller (API key, OAuth client) did, on the caller's own trail. */
  recordByActor(tx: OrgTx, actor: Actor, entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'metadata' | 'before' | 'after'>) {
    if (!('credential' in actor)) return this.recordBy(tx, actor, entry);
    const { credential, organization } = actor;
    return this.record(tx, {
      organizationId: organization.id,
      ...entry,
      actorUserId: null,
      actorOrgId: organization.id,
      actor: { type: credential.kind === 'api_key' ? 'API_KEY' : 'OAUTH_CLIENT', id: credential.id, label: credential.name },
    });
  }

  /** The fields of the `auditEvent` contract only: the owning organisation is not part of what a reader sees. */
  list(tx: OrgTx, filter: { targetType?: string; targetId?: string }, take = 100) {
    return tx.auditEvent.findMany({ where: filter, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: auditEventSelect });
  }
}
