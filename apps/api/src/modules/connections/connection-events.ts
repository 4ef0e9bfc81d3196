import type { EventData, PortalEvent } from '@portal/contracts';
import type { Prisma } from '@portal/db';
import { buildEvent } from '@portal/domain';

type Answered = 'connection.accepted' | 'connection.declined' | 'connection.revoked';

/** The two sides of a connection and their names, as every connection event names them. */
export function sidesOf(c: Prisma.ConnectionModel, names: Map<string, string>) {
  return {
    connectionId: c.id,
    principalId: c.principalOrgId,
    principalName: names.get(c.principalOrgId) ?? '',
    distributorId: c.distributorOrgId,
    distributorName: names.get(c.distributorOrgId) ?? '',
  };
}

/** A change both sides of a connection hear about (docs/product/events.md): the same event data, one event to each. */
export function toBothSides<T extends Answered>(type: T, data: EventData<T>, at: Date): PortalEvent[] {
  return [buildEvent(type, data.principalId, data, at), buildEvent(type, data.distributorId, data, at)];
}
