-- Trigram matching for the party-name filter (ILIKE %…%).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "document_lines_product_code_document_id_idx" ON "document_lines"("product_code", "document_id");

-- CreateIndex
CREATE INDEX "documents_organization_id_total_id_idx" ON "documents"("organization_id", "total" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "documents_integration_id_date_id_idx" ON "documents"("integration_id", "date" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "documents_party_name_trgm_idx" ON "documents" USING GIN ("party_name" gin_trgm_ops);
