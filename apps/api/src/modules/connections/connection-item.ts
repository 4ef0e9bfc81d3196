import { type ConnectionItem, documentType } from '@portal/contracts';
import type { Prisma } from '@portal/db';

type Connection = Prisma.ConnectionModel;
type ConnectionInvite = Prisma.ConnectionInviteModel;

/** A principal asks for every document type; the distributor narrows it when it answers. */
export const ALL_TYPES = documentType.options;

/** A connection as both sides' lists show it, each side named with its contact email. */
export function connectionItem(c: Connection, names: Map<string, string>): ConnectionItem {
  return {
    id: c.id,
    kind: 'connection',
    status: c.status,
    principal: { id: c.principalOrgId, name: names.get(c.principalOrgId) ?? '', email: c.principalEmail },
    distributor: { id: c.distributorOrgId, name: names.get(c.distributorOrgId) ?? '', email: c.distributorEmail },
    documentTypes: c.documentTypes,
    integrationIds: c.integrationIds,
    createdAt: c.createdAt.toISOString(),
    connectedAt: c.connectedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    expiresAt: null,
    linkAvailable: false,
  };
}

/** An invite nobody has answered yet, on its principal's list. */
export function inviteItem(i: ConnectionInvite, principal: { id: string; name: string }): ConnectionItem {
  const pending = i.status !== 'EXPIRED';
  return {
    id: i.id,
    kind: 'invite',
    status: pending ? 'PENDING' : 'EXPIRED',
    principal: { ...principal, email: i.createdByEmail },
    distributor: null,
    documentTypes: [...ALL_TYPES],
    integrationIds: [],
    createdAt: i.createdAt.toISOString(),
    connectedAt: null,
    revokedAt: null,
    expiresAt: i.expiresAt.toISOString(),
    linkAvailable: pending && i.tokenSealed !== null,
  };
}
