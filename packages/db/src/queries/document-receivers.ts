import type { DocumentType } from '../generated/enums';
import type { OrgTx } from '../tenant-db';

/** Who hears that a distributor's documents changed: its name and each principal with the written types it may see. */
export interface DocumentReceivers {
  distributorName: string;
  principals: { principalId: string; types: DocumentType[] }[];
}

/**
 * The one home of who a `documents.updated` event reaches besides the
 * distributor (docs/product/events.md), read in the distributor's own
 * transaction: each principal whose CONNECTED connection consents to at least
 * one of the written types and covers the integration (no integrations named
 * = all of them), with just those types. The same grant `connection_grants()`
 * gives the document policies, so an event never names what its receiver
 * cannot read; pending, declined and revoked connections get nothing.
 */
export async function documentReceivers(
  tx: OrgTx,
  written: { distributorId: string; integrationId: string; types: readonly DocumentType[] },
): Promise<DocumentReceivers> {
  const [distributor, connections] = await Promise.all([
    tx.organization.findUnique({ where: { id: written.distributorId }, select: { name: true } }),
    tx.connection.findMany({
      where: {
        distributorOrgId: written.distributorId,
        status: 'CONNECTED',
        documentTypes: { hasSome: [...written.types] },
        OR: [{ integrationIds: { isEmpty: true } }, { integrationIds: { has: written.integrationId } }],
      },
      select: { principalOrgId: true, documentTypes: true },
      orderBy: { principalOrgId: 'asc' },
    }),
  ]);
  return {
    distributorName: distributor?.name ?? '',
    principals: connections.map((c) => ({ principalId: c.principalOrgId, types: written.types.filter((t) => c.documentTypes.includes(t)) })),
  };
}
