import { createPrismaClient, TenantDb } from '@portal/db';
import { type BenchTenant, canonicalPages } from './bench-fixtures';

/**
 * The obvious implementation the set-based writer replaces: the same pull and
 * template, then one Prisma call per row (upsert the document, delete its
 * lines, create each line). Each page is still one transaction, which only
 * flatters the baseline.
 */
export async function rowByRowBaseline(tenant: BenchTenant, dmsUrl: string, pageSize: number): Promise<{ elapsedMs: number; lines: number }> {
  const prisma = createPrismaClient(tenant.db.appUrl, { poolMax: 2 });
  await prisma.$connect();
  const db = new TenantDb(prisma);
  const base = { organizationId: tenant.organizationId, integrationId: tenant.integrationId };
  let lines = 0;
  const started = process.hrtime.bigint();
  try {
    for await (const page of canonicalPages(dmsUrl, tenant, pageSize)) {
      await db.runAsOrg(
        tenant.organizationId,
        async (tx) => {
          for (const d of page.docs) {
            const { sourceId, lines: docLines, ...header } = d;
            const fields = {
              ...header,
              date: new Date(`${d.date}T00:00:00Z`),
              sourceUpdatedAt: new Date(d.sourceUpdatedAt),
              templateVersion: page.version,
              lineCount: docLines.length,
            };
            const doc = await tx.document.upsert({
              where: { integrationId_type_sourceId: { integrationId: tenant.integrationId, type: page.type, sourceId } },
              create: { ...base, type: page.type, sourceId, ...fields },
              update: fields,
              select: { id: true },
            });
            await tx.documentLine.deleteMany({ where: { documentId: doc.id } });
            for (const line of docLines) {
              await tx.documentLine.create({
                data: {
                  documentId: doc.id,
                  organizationId: tenant.organizationId,
                  type: page.type,
                  integrationId: tenant.integrationId,
                  date: fields.date,
                  currency: fields.currency,
                  partyCode: fields.partyCode,
                  salesmanCode: fields.salesmanCode,
                  ...line,
                },
              });
              lines++;
            }
          }
        },
        { timeoutMs: 600_000 },
      );
    }
    return { elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, lines };
  } finally {
    await prisma.$disconnect();
  }
}
