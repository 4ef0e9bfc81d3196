import { Injectable } from '@nestjs/common';
import type { AuditAction } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

/** The log's filters as the database reads them; `organizationId` absent means every organisation RLS lets the caller read. */
export interface AuditPageFilter {
  organizationId?: string;
  actions?: AuditAction[];
  actor?: string;
  from?: Date;
  to?: Date;
}

/** Where a page starts: after this row in (createdAt, id) descending order. */
export interface AuditKeyset {
  createdAt: Date;
  id: string;
}

const logRowSelect = {
  id: true,
  organizationId: true,
  action: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  actorOrgId: true,
  targetType: true,
  targetId: true,
  requestId: true,
  metadata: true,
  before: true,
  after: true,
  createdAt: true,
} as const satisfies Prisma.AuditEventSelect;

export type AuditLogRow = Prisma.AuditEventGetPayload<{ select: typeof logRowSelect }>;

/** Prisma access for reading the audit log. No rules here. */
@Injectable()
export class AuditRepository {
  page(tx: OrgTx, f: AuditPageFilter, after: AuditKeyset | undefined, take: number): Promise<AuditLogRow[]> {
    const and: Prisma.AuditEventWhereInput[] = [];
    if (f.organizationId) and.push({ organizationId: f.organizationId });
    if (f.actions?.length) and.push({ action: { in: f.actions } });
    if (f.actor) and.push({ OR: [{ actorId: f.actor }, { actorLabel: { equals: likeLiteral(f.actor), mode: 'insensitive' } }] });
    if (f.from || f.to) and.push({ createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } });
    // Newest first; rows written in the same millisecond are ordered by id, so a page boundary between them neither skips nor repeats one.
    if (after) and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
    return tx.auditEvent.findMany({ where: { AND: and }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: logRowSelect });
  }
}

/** Prisma compares case-insensitively with ILIKE and passes the value as the pattern: its wildcards and escape character must match themselves. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
