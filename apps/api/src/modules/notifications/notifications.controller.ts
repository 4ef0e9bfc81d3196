import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { notificationsQuery, updateNotificationPreferencesBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { NotificationsService } from './notifications.service';

/** The signed-in user's notification centre (permission `account:self`: every role, each sees only their own). */
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentCaller() caller: Caller, @Query(new ZodPipe(notificationsQuery, 'query')) query: z.infer<typeof notificationsQuery>) {
    return this.notifications.list(caller, query);
  }

  @Get('unread-count')
  unreadCount(@CurrentCaller() caller: Caller) {
    return this.notifications.unreadCount(caller);
  }

  @Post('read-all')
  @HttpCode(204)
  markAllRead(@CurrentCaller() caller: Caller) {
    return this.notifications.markAllRead(caller);
  }

  @Get('preferences')
  preferences(@CurrentCaller() caller: Caller) {
    return this.notifications.preferences(caller);
  }

  @Put('preferences')
  updatePreferences(
    @CurrentCaller() caller: Caller,
    @Body(new ZodPipe(updateNotificationPreferencesBody)) body: z.infer<typeof updateNotificationPreferencesBody>,
  ) {
    return this.notifications.updatePreferences(caller, body);
  }

  @Post(':id/read')
  @HttpCode(204)
  markRead(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.notifications.markRead(caller, p.id);
  }
}
