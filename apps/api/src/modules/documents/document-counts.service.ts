import { Injectable } from '@nestjs/common';
import type { DocumentType } from '@portal/contracts';
import type { OrgTx } from '@portal/db';
import { DocumentsRepository } from './documents.repository';

export type DocumentCounts = Partial<Record<DocumentType, number>>;

/**
 * How many documents each integration holds, per type: the documents
 * module's answer for the integration screens, so integrations never read
 * the documents table themselves.
 */
@Injectable()
export class DocumentCountsService {
  constructor(private readonly repo: DocumentsRepository) {}

  /** Inside the caller's transaction; an integration without documents is absent from the map. */
  async byIntegration(tx: OrgTx, integrationIds: string[]): Promise<Map<string, DocumentCounts>> {
    const byIntegration = new Map<string, DocumentCounts>();
    if (integrationIds.length === 0) return byIntegration;
    for (const c of await this.repo.countByIntegrationAndType(tx, integrationIds)) {
      const counts = byIntegration.get(c.integrationId) ?? {};
      counts[c.type] = c._count._all;
      byIntegration.set(c.integrationId, counts);
    }
    return byIntegration;
  }
}
