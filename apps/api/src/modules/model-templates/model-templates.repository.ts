import { Injectable } from '@nestjs/common';
import type { DocumentType } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

/** Prisma access for model templates. No rules here. */
@Injectable()
export class ModelTemplatesRepository {
  currentFor(tx: OrgTx, integrationId: string) {
    return tx.modelTemplate.findMany({
      where: { integrationId, isCurrent: true },
      orderBy: { documentType: 'asc' },
    });
  }

  findById(tx: OrgTx, id: string) {
    return tx.modelTemplate.findUnique({ where: { id } });
  }

  versionsOf(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.modelTemplate.findMany({
      where: { integrationId, documentType },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, isCurrent: true, createdAt: true },
    });
  }

  currentOf(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.modelTemplate.findFirst({ where: { integrationId, documentType, isCurrent: true } });
  }

  latestVersion(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.modelTemplate.findFirst({ where: { integrationId, documentType }, orderBy: { version: 'desc' }, select: { version: true } });
  }

  retireCurrent(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.modelTemplate.updateMany({ where: { integrationId, documentType, isCurrent: true }, data: { isCurrent: false } });
  }

  insert(tx: OrgTx, data: Prisma.ModelTemplateUncheckedCreateInput) {
    return tx.modelTemplate.create({ data });
  }
}
