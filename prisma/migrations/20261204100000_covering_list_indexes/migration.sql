-- The list indexes carry what the connection-scope policy reads (type,
-- integration), so a page's walk down one organisation's index is an
-- index-only scan: a principal's first page reads 50 short index ranges
-- without fetching 2,500 table rows to check the policy on each.
-- (Prisma's schema cannot say INCLUDE: schema.prisma names the same indexes
-- by their key columns.)
DROP INDEX "documents_organization_id_date_id_idx";
CREATE INDEX "documents_organization_id_date_id_idx" ON "documents"("organization_id", "date" DESC, "id" DESC) INCLUDE ("type", "integration_id");
DROP INDEX "documents_organization_id_type_date_id_idx";
CREATE INDEX "documents_organization_id_type_date_id_idx" ON "documents"("organization_id", "type", "date" DESC, "id" DESC) INCLUDE ("integration_id");
DROP INDEX "documents_organization_id_total_id_idx";
CREATE INDEX "documents_organization_id_total_id_idx" ON "documents"("organization_id", "total" DESC, "id" DESC) INCLUDE ("type", "integration_id");
-- The product filter's lookup likewise reads its document ids without the lines.
DROP INDEX "document_lines_organization_id_product_code_document_id_idx";
CREATE INDEX "document_lines_organization_id_product_code_document_id_idx" ON "document_lines"("organization_id", "product_code", "document_id") INCLUDE ("type", "integration_id");
