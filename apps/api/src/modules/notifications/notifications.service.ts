import { Injectable } from '@nestjs/common';
import {
  EMAIL_ON_BY_DEFAULT,
  type Notification,
  notificationKind,
  type NotificationKind,
  type NotificationPreferences,
  type notificationsQuery,
  type updateNotificationPreferencesBody,
} from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { z } from 'zod';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
import { type Owner, NotificationsRepository } from './notifications.repository';

type NotificationsQuery = z.infer<typeof notificationsQuery>;
type PreferencesBody = z.infer<typeof updateNotificationPreferencesBody>;
type Row = Awaited<ReturnType<NotificationsRepository['page']>>[number];

/**
 * The notification centre (docs/product/events.md, "Alerts"): a signed-in
 * user's own notifications in the organisation they are signed in to, never
 * anyone else's (another user's id answers 404 as if it did not exist), and
 * which kinds they also get by email. The worker's fan-out writes the rows.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly repo: NotificationsRepository,
  ) {}

  list(caller: Caller, query: NotificationsQuery) {
    const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined;
    const owner = ownerOf(caller);
    return this.db.runAsOrg(owner.organizationId, async (tx) => {
      const rows = await this.repo.page(tx, owner, {
        unreadOnly: query.unreadOnly === 'true',
        ...(after ? { after: { createdAt: after.value, id: after.id } } : {}),
        limit: query.limit,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toNotification),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
        unread: await this.repo.unreadCount(tx, owner),
      };
    });
  }

  async unreadCount(caller: Caller) {
    const owner = ownerOf(caller);
    return { unread: await this.db.runAsOrg(owner.organizationId, (tx) => this.repo.unreadCount(tx, owner)) };
  }

  /** Idempotent for the user's own notification; 404 for any other id. */
  async markRead(caller: Caller, id: string): Promise<void> {
    const owner = ownerOf(caller);
    await this.db.runAsOrg(owner.organizationId, async (tx) => {
      const { count } = await this.repo.markRead(tx, owner, this.clock.now(), id);
      if (count === 0 && !(await this.repo.exists(tx, owner, id))) throw AppError.notFound('Notification');
    });
  }

  async markAllRead(caller: Caller): Promise<void> {
    const owner = ownerOf(caller);
    await this.db.runAsOrg(owner.organizationId, (tx) => this.repo.markRead(tx, owner, this.clock.now()));
  }

  preferences(caller: Caller): Promise<NotificationPreferences> {
    const owner = ownerOf(caller);
    return this.db.runAsOrg(owner.organizationId, async (tx) => preferencesOf(await this.repo.emailChoices(tx, owner)));
  }

  /** Only the kinds named change; the answer is the whole set after the change. */
  updatePreferences(caller: Caller, body: PreferencesBody): Promise<NotificationPreferences> {
    const owner = ownerOf(caller);
    const choices = Object.entries(body.email).filter((e): e is [NotificationKind, boolean] => typeof e[1] === 'boolean');
    return this.db.runAsOrg(owner.organizationId, async (tx) => {
      await this.repo.setEmail(tx, owner, choices);
      return preferencesOf(await this.repo.emailChoices(tx, owner));
    });
  }
}

const ownerOf = (caller: Caller): Owner => ({ organizationId: caller.organization.id, userId: caller.user.id });

/** Stored choices over the defaults (EMAIL_ON_BY_DEFAULT); a row of a kind no longer known is left out. */
function preferencesOf(rows: { kind: string; email: boolean }[]): NotificationPreferences {
  const email = { ...EMAIL_ON_BY_DEFAULT };
  for (const row of rows) {
    const kind = notificationKind.safeParse(row.kind);
    if (kind.success) email[kind.data] = row.email;
  }
  return { email };
}

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    kind: notificationKind.parse(row.kind),
    params: row.params as Record<string, string>,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
