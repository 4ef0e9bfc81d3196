import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  type AdminAuditEventFilters,
  adminAuditEventFilters,
  type AdminAuditEventsQuery,
  adminAuditEventsQuery,
  type AuditEventFilters,
  auditEventsExportQuery,
  type AuditEventsQuery,
  auditEventsQuery,
} from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { sendAttachment } from '../../common/send-attachment';
import { ZodPipe } from '../../common/zod.pipe';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditController {
  constructor(private readonly log: AuditLogService) {}

  @Get('audit-events')
  list(@CurrentCaller() caller: Caller, @Query(new ZodPipe(auditEventsQuery, 'query')) q: AuditEventsQuery) {
    return this.log.list(caller, q);
  }

  @Get('audit-events/export.csv')
  async export(@CurrentCaller() caller: Caller, @Query(new ZodPipe(auditEventsExportQuery, 'query')) q: AuditEventFilters, @Res() reply: FastifyReply) {
    const file = await this.log.export(caller, q);
    return sendAttachment(reply, { ...file, body: file.stream });
  }

  @Get('admin/audit-events')
  @OrgKinds('PLATFORM')
  adminList(@CurrentCaller() caller: Caller, @Query(new ZodPipe(adminAuditEventsQuery, 'query')) q: AdminAuditEventsQuery) {
    return this.log.adminList(caller, q);
  }

  @Get('admin/audit-events/export.csv')
  @OrgKinds('PLATFORM')
  async adminExport(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(adminAuditEventFilters, 'query')) q: AdminAuditEventFilters,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.log.adminExport(caller, q);
    return sendAttachment(reply, { ...file, body: file.stream });
  }
}
