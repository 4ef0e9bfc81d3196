import { z } from 'zod';
import { auditAction } from './audit';
import { documentType, listOf } from './common';

export const connectionStatus = z.enum(['PENDING', 'CONNECTED', 'DECLINED', 'REVOKED', 'EXPIRED']);
export type ConnectionStatus = z.infer<typeof connectionStatus>;

/** The data a principal asks for, as the consent popup lists it. */
export const CONSENT_GROUPS = [
  { key: 'orders_returns', types: ['SALES_ORDER', 'SALES_RETURN'] },
  { key: 'invoices', types: ['SALES_INVOICE', 'PURCHASE_INVOICE'] },
  { key: 'purchase_orders', types: ['PURCHASE_ORDER'] },
] as const;

export const inviteCreated = z.object({ id: z.uuid(), url: z.url(), expiresAt: z.iso.datetime() });
export type InviteCreated = z.infer<typeof inviteCreated>;

/** The statuses of a connection that has ended; the lists show them apart from the live ones, as history. */
export const ENDED_CONNECTION_STATUSES = ['DECLINED', 'REVOKED', 'EXPIRED'] as const satisfies readonly ConnectionStatus[];
export const isEndedConnection = (status: ConnectionStatus): boolean => (ENDED_CONNECTION_STATUSES as readonly ConnectionStatus[]).includes(status);

export const connectionItem = z.object({
  /** Connection id, or the invite id while nobody has answered it. */
  id: z.uuid(),
  kind: z.enum(['invite', 'connection']),
  status: connectionStatus,
  /** Each side's contact email: the inviter's, and the distributor user's who answered; null where none was kept. */
  principal: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }),
  distributor: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
  documentTypes: z.array(documentType),
  integrationIds: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
  connectedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  /** A pending invite whose link its principal can fetch again (`inviteLink`); false for invites made before links were kept. */
  linkAvailable: z.boolean(),
});
export type ConnectionItem = z.infer<typeof connectionItem>;
export const connectionList = listOf(connectionItem);

export const inviteToken = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'malformed invite token') });

export const invitePreview = z.object({
  principal: z.object({ id: z.uuid(), name: z.string() }),
  documentTypes: z.array(documentType),
  expiresAt: z.iso.datetime(),
  status: z.literal('PENDING'),
});
export type InvitePreview = z.infer<typeof invitePreview>;

export const acceptInviteBody = z.strictObject({
  documentTypes: z.array(documentType).min(1).optional(),
  /** Integrations that supply the data; omitted or empty = all of them. */
  integrationIds: z.array(z.uuid()).max(50).optional(),
});
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;

export const auditEvent = z.object({
  id: z.uuid(),
  action: auditAction,
  actorUserId: z.uuid().nullable(),
  actorOrgId: z.uuid().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  metadata: z.unknown(),
  createdAt: z.iso.datetime(),
});
export const connectionHistory = z.object({ data: z.array(auditEvent) });
export type ConnectionHistory = z.infer<typeof connectionHistory>;
