import type { NotificationKind } from '@portal/contracts';
import type { OrgTx } from '@portal/db';

/** Prisma access the notification fan-out needs, as the receiving organisation. No rules here. */
export const notificationsRepository = {
  /** The organisation's members with the role and what an alert mail needs (address, name, language). */
  members: (tx: OrgTx, organizationId: string) =>
    tx.membership.findMany({
      where: { organizationId },
      select: { role: true, user: { select: { id: true, email: true, name: true, locale: true } } },
    }),

  /** The stored email choices of these users for one kind (no row: the default). */
  emailChoices: (tx: OrgTx, organizationId: string, userIds: string[], kind: NotificationKind) =>
    tx.notificationPreference.findMany({ where: { organizationId, userId: { in: userIds }, kind }, select: { userId: true, email: true } }),

  /** Inserts what is not there yet ((event_id, user_id) is unique) and answers only the rows it added. */
  insert: (
    tx: OrgTx,
    rows: { organizationId: string; userId: string; kind: NotificationKind; eventId: string; params: Record<string, string>; link: string }[],
  ) => tx.notification.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, userId: true } }),

  /** When the endpoint was disabled (null while it is enabled). */
  endpointDisabledAt: async (tx: OrgTx, endpointId: string): Promise<Date | null> =>
    (await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { disabledAt: true } }))?.disabledAt ?? null,
};
