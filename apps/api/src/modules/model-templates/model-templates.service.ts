import { Injectable } from '@nestjs/common';
import type { DocumentType } from '@portal/contracts';
import type { GeneratedTemplate } from '@portal/consolidation';
import type { OrgTx, Prisma } from '@portal/db';
import { ModelTemplatesRepository } from './model-templates.repository';

@Injectable()
export class ModelTemplatesService {
  constructor(private readonly repo: ModelTemplatesRepository) {}

  /**
   * Stores one generated template per document type as the next version and
   * makes it current. Runs inside the activation transaction of the caller.
   */
  async storeGenerated(tx: OrgTx, integration: { id: string; organizationId: string }, generated: GeneratedTemplate[], createdById?: string) {
    for (const t of generated) {
      await this.saveVersion(tx, integration, t.documentType, {
        sourceModel: t.sourceModel,
        rules: t.rules as unknown as Prisma.InputJsonValue,
        unmappedFields: t.unmappedFields,
        createdById: createdById ?? null,
      });
    }
  }

  async saveVersion(
    tx: OrgTx,
    integration: { id: string; organizationId: string },
    documentType: DocumentType,
    data: { sourceModel: string; rules: Prisma.InputJsonValue; unmappedFields: string[]; createdById: string | null },
  ) {
    const latest = await this.repo.latestVersion(tx, integration.id, documentType);
    await this.repo.retireCurrent(tx, integration.id, documentType);
    return this.repo.insert(tx, {
      organizationId: integration.organizationId,
      integrationId: integration.id,
      documentType,
      version: (latest?.version ?? 0) + 1,
      isCurrent: true,
      ...data,
    });
  }

  current(tx: OrgTx, integrationId: string) {
    return this.repo.currentFor(tx, integrationId);
  }
}
