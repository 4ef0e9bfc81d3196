import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@portal/contracts';
import type { OrgTx } from '@portal/db';

/** One user's rows in one organisation: every query names both (the list index leads with them). */
export interface Owner {
  organizationId: string;
  userId: string;
}

const SELECT = { id: true, kind: true, params: true, link: true, readAt: true, createdAt: true } as const;

/** Prisma access for notifications and notification_preferences. No rules here. */
@Injectable()
export class NotificationsRepository {
  /** Newest first, keyset on (created_at, id); one more than `limit` when another page follows. */
  page(tx: OrgTx, owner: Owner, opts: { unreadOnly: boolean; after?: { createdAt: Date; id: string }; limit: number }) {
    const { after } = opts;
    return tx.notification.findMany({
      where: {
        ...owner,
        ...(opts.unreadOnly ? { readAt: null } : {}),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: opts.limit + 1,
      select: SELECT,
    });
  }

  unreadCount(tx: OrgTx, owner: Owner) {
    return tx.notification.count({ where: { ...owner, readAt: null } });
  }

  /** Whether the user has this notification (read or not). */
  async exists(tx: OrgTx, owner: Owner, id: string): Promise<boolean> {
    return (await tx.notification.count({ where: { ...owner, id } })) === 1;
  }

  /** Marks unread rows read (one by id, or all); a row already read keeps its time. */
  markRead(tx: OrgTx, owner: Owner, at: Date, id?: string) {
    return tx.notification.updateMany({ where: { ...owner, readAt: null, ...(id ? { id } : {}) }, data: { readAt: at } });
  }

  emailChoices(tx: OrgTx, owner: Owner) {
    return tx.notificationPreference.findMany({ where: owner, select: { kind: true, email: true } });
  }

  async setEmail(tx: OrgTx, owner: Owner, choices: [NotificationKind, boolean][]) {
    for (const [kind, email] of choices) {
      await tx.notificationPreference.upsert({
        where: { organizationId_userId_kind: { ...owner, kind } },
        create: { ...owner, kind, email },
        update: { email },
      });
    }
  }
}
