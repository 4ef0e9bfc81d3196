import type { AuditAction } from '@portal/contracts';
import type { Caller } from '../../common/auth.decorators';

/** The audit row of something a signed-in user did to an invite or a connection, on its own organisation's trail. */
export function callerAudit(caller: Caller, action: AuditAction, targetType: 'invite' | 'connection', targetId: string, metadata: Record<string, unknown>) {
  return {
    organizationId: caller.organization.id,
    actorUserId: caller.user.id,
    actorOrgId: caller.organization.id,
    action,
    targetType,
    targetId,
    metadata: metadata as never,
  };
}
