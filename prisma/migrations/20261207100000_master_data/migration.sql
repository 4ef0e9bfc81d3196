-- Master data (issue 13): distributors' customers and products pulled per integration like documents,
-- and the principal's own SKU catalogue. docs/product/master-data.md says what each is for.

-- CreateEnum
CREATE TYPE "MasterDataKind" AS ENUM ('CUSTOMER', 'PRODUCT');

-- A sync run pulls either one document type or one master-data kind, never both.
ALTER TABLE "sync_runs" ADD COLUMN "master_data_kind" "MasterDataKind";
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_one_stream" CHECK (document_type IS NULL OR master_data_kind IS NULL);
-- One master-data run under way per integration and kind (documents have `sync_runs_one_active`;
-- its NULL document type never collides, so master-data runs need their own).
CREATE UNIQUE INDEX sync_runs_one_active_master_data ON "sync_runs" (integration_id, master_data_kind)
  WHERE master_data_kind IS NOT NULL AND status IN ('QUEUED', 'RUNNING');

ALTER TABLE "quarantined_records" ALTER COLUMN "document_type" DROP NOT NULL;
ALTER TABLE "quarantined_records" ADD COLUMN "master_data_kind" "MasterDataKind";

-- CreateTable
CREATE TABLE "master_data_cursors" (
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "kind" "MasterDataKind" NOT NULL,
    "updated_since" TIMESTAMPTZ(3),
    "cursor" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "master_data_cursors_pkey" PRIMARY KEY ("integration_id","kind")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "source_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "city" TEXT,
    "salesman_code" TEXT,
    "outlet_type" TEXT,
    "source_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "source_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_unit" TEXT NOT NULL,
    "conversions" JSONB NOT NULL DEFAULT '[]',
    "brand" TEXT,
    "category" TEXT,
    "barcode" TEXT,
    "source_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "principal_skus" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brand" TEXT,
    "category" TEXT,
    "base_unit" TEXT NOT NULL,
    "conversions" JSONB NOT NULL DEFAULT '[]',
    "barcode" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "principal_skus_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "master_data_cursors_organization_id_integration_id_idx" ON "master_data_cursors"("organization_id", "integration_id");
CREATE UNIQUE INDEX "customers_integration_id_source_id_key" ON "customers"("integration_id", "source_id");
CREATE INDEX "customers_organization_id_code_idx" ON "customers"("organization_id", "code");
CREATE INDEX "customers_integration_id_code_idx" ON "customers"("integration_id", "code");
CREATE UNIQUE INDEX "products_integration_id_source_id_key" ON "products"("integration_id", "source_id");
CREATE INDEX "products_organization_id_code_idx" ON "products"("organization_id", "code");
CREATE INDEX "products_integration_id_code_idx" ON "products"("integration_id", "code");
CREATE UNIQUE INDEX "principal_skus_organization_id_code_key" ON "principal_skus"("organization_id", "code");
CREATE INDEX "principal_skus_organization_id_brand_idx" ON "principal_skus"("organization_id", "brand");
CREATE INDEX "principal_skus_organization_id_category_idx" ON "principal_skus"("organization_id", "category");

-- AddForeignKey
ALTER TABLE "master_data_cursors" ADD CONSTRAINT "master_data_cursors_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customers" ADD CONSTRAINT "customers_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "products" ADD CONSTRAINT "products_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "principal_skus" ADD CONSTRAINT "principal_skus_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: every table belongs to one organisation.
ALTER TABLE "master_data_cursors" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "master_data_cursors" FORCE ROW LEVEL SECURITY;
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customers" FORCE ROW LEVEL SECURITY;
ALTER TABLE "products" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "products" FORCE ROW LEVEL SECURITY;
ALTER TABLE "principal_skus" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "principal_skus" FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON "master_data_cursors"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "customers"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "products"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "principal_skus"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- A connected principal reads a distributor's master data through the same grants as its documents:
-- customers (outlets) with a sales type consented, products with any type, each for the integrations
-- the connection names (all when it names none). Read only: policies are permissive, so these add
-- SELECT to tenant_isolation and nothing else.
CREATE POLICY connection_scope ON "customers" FOR SELECT
  USING (organization_id IN (SELECT g.organization_id FROM connection_grants() g
                              WHERE g.integration_id IS NULL AND g.type IN ('SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE'))
      OR (organization_id, integration_id) IN (SELECT g.organization_id, g.integration_id FROM connection_grants() g
                              WHERE g.integration_id IS NOT NULL AND g.type IN ('SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE')));
CREATE POLICY connection_scope ON "products" FOR SELECT
  USING (organization_id IN (SELECT g.organization_id FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, integration_id) IN (SELECT g.organization_id, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
