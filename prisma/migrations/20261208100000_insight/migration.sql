-- Product mapping and the insight aggregates (issue 13, docs/product/master-data.md).
--
-- Insight reads sums kept as lines are written, never a scan of the lines per
-- request. The sums are keyed by the distributor's OWN product code and unit,
-- not by the principal's SKU: which SKU a code means (product_mappings) and
-- how many base units its unit holds (the SKU's conversions) are applied when
-- reading, so a changed mapping or conversion changes every figure at once
-- without recomputing anything, and one set of sums serves every principal
-- connected to the distributor, and the distributor itself.

-- ---------------------------------------------------------------------------
-- Lines carry the header fields the sums are keyed by. The sums are kept by
-- statement-level triggers on `document_lines` reading the transition tables;
-- when a document changes, the writer updates its header before it replaces
-- its lines, so the old lines' keys must travel with the lines themselves,
-- not be read from the (already changed) header.
-- ---------------------------------------------------------------------------
ALTER TABLE "document_lines" ADD COLUMN "date" DATE, ADD COLUMN "currency" TEXT,
  ADD COLUMN "party_code" TEXT, ADD COLUMN "salesman_code" TEXT;
UPDATE "document_lines" l SET date = d.date, currency = d.currency, party_code = d.party_code, salesman_code = d.salesman_code
  FROM documents d WHERE d.id = l.document_id;

-- A writer that does not pass them (an older path, a test) gets them from the
-- header. The WHEN clause keeps the writer's own path free of a per-row call.
CREATE FUNCTION document_lines_header_fields() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  SELECT d.date, d.currency, d.party_code, d.salesman_code
    INTO NEW.date, NEW.currency, NEW.party_code, NEW.salesman_code
    FROM documents d WHERE d.id = NEW.document_id;
  RETURN NEW;
END $$;
CREATE TRIGGER document_lines_header_fields BEFORE INSERT ON "document_lines"
  FOR EACH ROW WHEN (NEW.date IS NULL OR NEW.currency IS NULL) EXECUTE FUNCTION document_lines_header_fields();
ALTER TABLE "document_lines" ALTER COLUMN "date" SET NOT NULL, ALTER COLUMN "currency" SET NOT NULL;

-- ---------------------------------------------------------------------------
-- Product mapping: per principal and connected distributor, one distributor
-- product code means one of the principal's SKUs.
-- ---------------------------------------------------------------------------
CREATE TYPE "ProductMappingMethod" AS ENUM ('CODE', 'BARCODE', 'NAME', 'MANUAL');

CREATE TABLE "product_mappings" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "distributor_id" UUID NOT NULL,
    "product_code" TEXT NOT NULL,
    "sku_id" UUID NOT NULL,
    "method" "ProductMappingMethod" NOT NULL,
    "score" DECIMAL(4,3),
    "confirmed_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_mappings_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "product_mappings_organization_id_distributor_id_product_code_key"
  ON "product_mappings"("organization_id", "distributor_id", "product_code");
CREATE INDEX "product_mappings_organization_id_sku_id_idx" ON "product_mappings"("organization_id", "sku_id");
ALTER TABLE "product_mappings" ADD CONSTRAINT "product_mappings_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_mappings" ADD CONSTRAINT "product_mappings_distributor_id_fkey"
  FOREIGN KEY ("distributor_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_mappings" ADD CONSTRAINT "product_mappings_sku_id_fkey"
  FOREIGN KEY ("sku_id") REFERENCES "principal_skus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "product_mappings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "product_mappings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "product_mappings"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- ---------------------------------------------------------------------------
-- How many base units one `unit` holds under a conversions list
-- (contracts `unitConversion[]`): 1 for the base unit, the listed factor, or
-- NULL when the list cannot convert it (flagged, never counted as 1).
-- Units compare trimmed and upper-cased, as everywhere else.
-- ---------------------------------------------------------------------------
CREATE FUNCTION unit_factor(conversions jsonb, base_unit text, unit text) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN upper(btrim(unit)) = upper(btrim(base_unit)) THEN 1::numeric
              ELSE (SELECT (c->>'factor')::numeric FROM jsonb_array_elements(conversions) c
                     WHERE upper(btrim(c->>'unit')) = upper(btrim(unit)) LIMIT 1) END
$$;

-- ---------------------------------------------------------------------------
-- The sums. Signed by nothing: a sales return's amount is stored as sent
-- (positive); readers subtract returns. Keyed with the organisation,
-- integration, type and currency so row-level security applies the
-- documents' own connection scope. A key whose lines all left stays at zero.
--   insight_product_months:  month x product code x unit (SKU, brand,
--                            category, quantity, SKUs sold)
--   insight_customer_months: month x customer x salesman (outlets, cities,
--                            customers, salesmen)
--   insight_days:            day (day and week trends)
-- ---------------------------------------------------------------------------
CREATE TABLE "insight_product_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "product_code" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "quantity" DECIMAL(22,4) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_product_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","product_code","unit")
);
CREATE TABLE "insight_customer_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    -- '' when the document names no customer or salesman (a key cannot be NULL).
    "party_code" TEXT NOT NULL,
    "salesman_code" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_customer_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","party_code","salesman_code")
);
CREATE TABLE "insight_days" (
    "organization_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_days_pkey" PRIMARY KEY ("organization_id","date","type","integration_id","currency")
);

ALTER TABLE "insight_product_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_product_months" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_customer_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_customer_months" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_days" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_days" FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON "insight_product_months" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "insight_customer_months" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "insight_days" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "insight_product_months" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY connection_scope ON "insight_customer_months" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY connection_scope ON "insight_days" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
-- Only the trigger function (running as the owner) writes: the application cannot forge a figure.
CREATE POLICY totals_maintenance ON "insight_product_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_customer_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_days" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- One grouped upsert per grain per statement, in key order so concurrent
-- writers lock rows in the same order (as document_totals_maintain).
CREATE FUNCTION insight_maintain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  added CONSTANT text := 'SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)) AS unit,
                                 coalesce(party_code, '''') AS party_code, coalesce(salesman_code, '''') AS salesman_code,
                                 1 AS lines, quantity, amount FROM new_rows';
  removed CONSTANT text := 'SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)) AS unit,
                                 coalesce(party_code, '''') AS party_code, coalesce(salesman_code, '''') AS salesman_code,
                                 -1 AS lines, -quantity AS quantity, -amount AS amount FROM old_rows';
  delta text;
BEGIN
  delta := CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END;
  EXECUTE format($sql$
    WITH delta AS MATERIALIZED (%s),
    by_product AS (
      INSERT INTO insight_product_months AS t (organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount)
      SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, product_code, unit,
             sum(lines), sum(quantity), sum(amount)
        FROM delta GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(lines) <> 0 OR sum(quantity) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (organization_id, month, type, integration_id, currency, product_code, unit)
        DO UPDATE SET lines = t.lines + excluded.lines, quantity = t.quantity + excluded.quantity, amount = t.amount + excluded.amount
      RETURNING 1),
    by_customer AS (
      INSERT INTO insight_customer_months AS t (organization_id, month, type, integration_id, currency, party_code, salesman_code, lines, amount)
      SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, party_code, salesman_code,
             sum(lines), sum(amount)
        FROM delta GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (organization_id, month, type, integration_id, currency, party_code, salesman_code)
        DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
      RETURNING 1)
    INSERT INTO insight_days AS t (organization_id, date, type, integration_id, currency, lines, amount)
    SELECT organization_id, date, type, integration_id, currency, sum(lines), sum(amount)
      FROM delta GROUP BY 1, 2, 3, 4, 5 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, date, type, integration_id, currency)
      DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
  $sql$, delta);
  RETURN NULL;
END $$;

CREATE TRIGGER document_lines_insight_insert AFTER INSERT ON "document_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_maintain();
CREATE TRIGGER document_lines_insight_update AFTER UPDATE ON "document_lines"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_maintain();
CREATE TRIGGER document_lines_insight_delete AFTER DELETE ON "document_lines"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_maintain();

-- The lines already stored.
INSERT INTO insight_product_months (organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount)
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, product_code, upper(btrim(unit)),
         count(*), sum(quantity), sum(amount)
    FROM document_lines GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO insight_customer_months (organization_id, month, type, integration_id, currency, party_code, salesman_code, lines, amount)
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, coalesce(party_code, ''), coalesce(salesman_code, ''),
         count(*), sum(amount)
    FROM document_lines GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO insight_days (organization_id, date, type, integration_id, currency, lines, amount)
  SELECT organization_id, date, type, integration_id, currency, count(*), sum(amount)
    FROM document_lines GROUP BY 1, 2, 3, 4, 5;
