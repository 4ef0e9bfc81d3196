-- Salesman and city sums (issue 13, docs/product/master-data.md "Where the
-- figures come from"). A principal's top salesmen and cities over 100
-- distributors read the customer sums (month x customer x salesman: about
-- 140,000 rows a quarter) and, for cities, every customer of those
-- distributors (80,000) for its city: 0.7 and 2.6 s p95 under load. These sums
-- are keyed by salesman and by city instead (about 12,000 and 7,000 rows a
-- quarter), kept by the same fold as the others.
--
-- A line's city is its customer's: the newest record of that customer code at
-- the distributor (as the screens label customers), '' when the document
-- names no customer, the distributor has no such customer or it names no city.
-- The fold looks it up when it folds the line; when a distributor's customers
-- change (a new customer, a city, a newer record), a statement trigger marks
-- the distributor in `insight_city_stale` and the next fold computes its city
-- sums again from its customer sums. Until then `insight_city_months_live`
-- computes that distributor's rows from its customer sums as it reads, so a
-- figure by city is exact at every moment, like the others.

CREATE TABLE "insight_salesman_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    -- '' when the document names no salesman.
    "salesman_code" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_salesman_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","salesman_code") INCLUDE ("lines","amount")
);
CREATE TABLE "insight_city_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    -- '' when the line's customer has no city (or is unknown).
    "city" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_city_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","city") INCLUDE ("lines","amount")
);
-- Distributors whose customers changed since the last fold.
CREATE TABLE "insight_city_stale" (
    "organization_id" UUID NOT NULL,

    CONSTRAINT "insight_city_stale_pkey" PRIMARY KEY ("organization_id")
);

-- Covering keys. A distributor's rows of a month are spread over a sum's
-- heap (written as its syncs come, between every other distributor's), so a
-- reader visited about one heap page per row: a principal's quarter of 100
-- distributors' customer months, 137,392 rows on 7,933 pages, took 751 ms
-- cold and 343 ms warm. With the figures in the key's index (row-level
-- security reads only key columns) the same read is an index-only scan: 270
-- and 251 ms, the scan itself 45 ms. Every sum's key carries its figures.
ALTER TABLE "insight_product_months" DROP CONSTRAINT "insight_product_months_pkey",
  ADD CONSTRAINT "insight_product_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","product_code","unit") INCLUDE ("lines","quantity","amount");
ALTER TABLE "insight_customer_months" DROP CONSTRAINT "insight_customer_months_pkey",
  ADD CONSTRAINT "insight_customer_months_pkey" PRIMARY KEY ("organization_id","month","type","integration_id","currency","party_code","salesman_code") INCLUDE ("lines","amount");
ALTER TABLE "insight_days" DROP CONSTRAINT "insight_days_pkey",
  ADD CONSTRAINT "insight_days_pkey" PRIMARY KEY ("organization_id","date","type","integration_id","currency") INCLUDE ("lines","amount");
DROP INDEX "insight_sku_months_key";
CREATE UNIQUE INDEX "insight_sku_months_key" ON "insight_sku_months"
  ("organization_id", "distributor_id", "month", "type", "currency", "integration_id", "sku_id") INCLUDE ("lines", "unconvertible_lines", "quantity", "amount") NULLS NOT DISTINCT;

ALTER TABLE "insight_salesman_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_salesman_months" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_city_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_city_months" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_city_stale" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_city_stale" FORCE ROW LEVEL SECURITY;

-- Read as the other sums are: the distributor its own, a principal what its connections grant.
CREATE POLICY tenant_isolation ON "insight_salesman_months" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "insight_city_months" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "insight_salesman_months" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY connection_scope ON "insight_city_months" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
-- The stale marks: the distributor its own, a principal its connected distributors' (the live view reads them).
CREATE POLICY tenant_isolation ON "insight_city_stale" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "insight_city_stale" FOR SELECT
  USING (organization_id IN (SELECT g.organization_id FROM connection_grants() g));
-- Only the fold and the triggers (running as the owner) write.
CREATE POLICY totals_maintenance ON "insight_salesman_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_city_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_city_stale" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- The one home of "a line's city": its customer code's newest record at the
-- distributor, '' when there is none or it names no city. As the owner, like
-- the fold: the same answer whoever reads.
CREATE FUNCTION insight_city_of(p_organization uuid, p_party_code text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT c.city FROM customers c
                    WHERE c.organization_id = p_organization AND c.code = p_party_code
                    ORDER BY c.source_updated_at DESC, c.id LIMIT 1), '')
$$;

-- Customers written: mark their distributors for the next fold. An update
-- marks only when what decides a line's city changed.
CREATE FUNCTION insight_city_mark_stale() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO insight_city_stale (organization_id) SELECT DISTINCT organization_id FROM new_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO insight_city_stale (organization_id) SELECT DISTINCT organization_id FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO insight_city_stale (organization_id)
    SELECT DISTINCT n.organization_id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE o.city IS DISTINCT FROM n.city OR o.code <> n.code OR o.source_updated_at <> n.source_updated_at
        OR o.organization_id <> n.organization_id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_insight_city_insert AFTER INSERT ON "customers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_city_mark_stale();
CREATE TRIGGER customers_insight_city_update AFTER UPDATE ON "customers"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_city_mark_stale();
CREATE TRIGGER customers_insight_city_delete AFTER DELETE ON "customers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_city_mark_stale();

-- Moves every committed line delta into the sums, then the roll-up's deltas
-- into the roll-up, then computes the stale distributors' city sums again, in
-- one transaction. Answers how many rows and distributors it moved; 0 when
-- another fold or a recomputation holds the lock (the next pass does it).
CREATE OR REPLACE FUNCTION insight_fold() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  folded integer;
  rolled integer;
  stale uuid[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(insight_fold_lock_key()) THEN
    RETURN 0;
  END IF;
  WITH moved AS (DELETE FROM insight_line_deltas RETURNING *),
  -- The delta per month and product code: the product sums' rows, and what the SKU sums resolve.
  product_delta AS MATERIALIZED (
    SELECT organization_id, date_trunc('month', date)::date AS month, type, integration_id, currency, product_code, unit,
           sum(lines) AS lines, sum(quantity) AS quantity, sum(amount) AS amount
      FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7),
  by_product AS (
    INSERT INTO insight_product_months AS t (organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount)
    SELECT organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount
      FROM product_delta WHERE lines <> 0 OR quantity <> 0 OR amount <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (organization_id, month, type, integration_id, currency, product_code, unit)
      DO UPDATE SET lines = t.lines + excluded.lines, quantity = t.quantity + excluded.quantity, amount = t.amount + excluded.amount
    RETURNING 1),
  -- Each product code and unit resolved once per principal CONNECTED to the distributor.
  resolved AS MATERIALIZED (
    SELECT c.id AS connection_id, c.principal_org_id AS principal, p.organization_id, p.product_code, p.unit, r.sku_id, r.factor
      FROM (SELECT DISTINCT organization_id, product_code, unit FROM product_delta) p
      JOIN connections c ON c.distributor_org_id = p.organization_id AND c.status = 'CONNECTED'
      CROSS JOIN LATERAL insight_sku_of(c.principal_org_id, p.organization_id, p.product_code, p.unit) r),
  sku_delta AS MATERIALIZED (
    SELECT r.connection_id, r.principal, p.month, p.type, p.currency, p.organization_id AS distributor, p.integration_id, r.sku_id,
           sum(p.lines) AS lines, coalesce(sum(p.lines) FILTER (WHERE r.sku_id IS NOT NULL AND r.factor IS NULL), 0) AS unconvertible_lines,
           coalesce(sum(p.quantity * r.factor), 0) AS quantity, sum(p.amount) AS amount
      FROM product_delta p
      JOIN resolved r ON r.organization_id = p.organization_id AND r.product_code = p.product_code AND r.unit = p.unit
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
  by_sku AS (
    INSERT INTO insight_sku_months AS t (organization_id, month, type, currency, distributor_id, integration_id, sku_id, lines, unconvertible_lines, quantity, amount)
    SELECT principal, month, type, currency, distributor, integration_id, sku_id, lines, unconvertible_lines, quantity, amount
      FROM sku_delta
     WHERE lines <> 0 OR amount <> 0 OR quantity <> 0 OR unconvertible_lines <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (organization_id, month, type, currency, distributor_id, integration_id, sku_id)
      DO UPDATE SET lines = t.lines + excluded.lines, unconvertible_lines = t.unconvertible_lines + excluded.unconvertible_lines,
                    quantity = t.quantity + excluded.quantity, amount = t.amount + excluded.amount
    RETURNING 1),
  by_principal AS (
    INSERT INTO insight_principal_deltas (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
    SELECT s.principal, s.month, s.type, s.currency, s.sku_id, sum(s.lines), sum(s.unconvertible_lines), sum(s.quantity), sum(s.amount)
      FROM sku_delta s JOIN connections c ON c.id = s.connection_id
     WHERE connection_covers(c.document_types, c.integration_ids, s.type, s.integration_id)
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(s.lines) <> 0 OR sum(s.amount) <> 0 OR sum(s.quantity) <> 0 OR sum(s.unconvertible_lines) <> 0
    RETURNING 1),
  by_customer AS (
    INSERT INTO insight_customer_months AS t (organization_id, month, type, integration_id, currency, party_code, salesman_code, lines, amount)
    SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, party_code, salesman_code, sum(lines), sum(amount)
      FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (organization_id, month, type, integration_id, currency, party_code, salesman_code)
      DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
    RETURNING 1),
  by_day AS (
    INSERT INTO insight_days AS t (organization_id, date, type, integration_id, currency, lines, amount)
    SELECT organization_id, date, type, integration_id, currency, sum(lines), sum(amount)
      FROM moved GROUP BY 1, 2, 3, 4, 5 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, date, type, integration_id, currency)
      DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
    RETURNING 1),
  by_salesman AS (
    INSERT INTO insight_salesman_months AS t (organization_id, month, type, integration_id, currency, salesman_code, lines, amount)
    SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, salesman_code, sum(lines), sum(amount)
      FROM moved GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (organization_id, month, type, integration_id, currency, salesman_code)
      DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
    RETURNING 1),
  -- Each customer code's city looked up once per fold (grouped by code first).
  by_city AS (
    INSERT INTO insight_city_months AS t (organization_id, month, type, integration_id, currency, city, lines, amount)
    SELECT organization_id, month, type, integration_id, currency, insight_city_of(organization_id, party_code), sum(lines), sum(amount)
      FROM (SELECT organization_id, date_trunc('month', date)::date AS month, type, integration_id, currency, party_code, sum(lines) AS lines, sum(amount) AS amount
              FROM moved GROUP BY 1, 2, 3, 4, 5, 6) m
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(lines) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (organization_id, month, type, integration_id, currency, city)
      DO UPDATE SET lines = t.lines + excluded.lines, amount = t.amount + excluded.amount
    RETURNING 1)
  SELECT count(*) INTO folded FROM moved;

  -- Distributors whose customers changed: their city sums computed again from
  -- their customer sums (which now hold this fold's lines too). A change that
  -- commits while this runs leaves its mark for the next fold.
  WITH d AS (DELETE FROM insight_city_stale RETURNING organization_id)
  SELECT array_agg(organization_id) INTO stale FROM d;
  IF stale IS NOT NULL THEN
    DELETE FROM insight_city_months WHERE organization_id = ANY (stale);
    -- Each customer code's city looked up once, not once per month, type and salesman.
    INSERT INTO insight_city_months (organization_id, month, type, integration_id, currency, city, lines, amount)
    SELECT x.organization_id, x.month, x.type, x.integration_id, x.currency, p.city, sum(x.lines), sum(x.amount)
      FROM insight_customer_months x
      JOIN (SELECT organization_id, party_code, insight_city_of(organization_id, party_code) AS city
              FROM (SELECT DISTINCT organization_id, party_code FROM insight_customer_months WHERE organization_id = ANY (stale)) d) p
        ON p.organization_id = x.organization_id AND p.party_code = x.party_code
     WHERE x.organization_id = ANY (stale)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.lines) <> 0 OR sum(x.amount) <> 0;
  END IF;

  WITH moved AS (DELETE FROM insight_principal_deltas RETURNING *),
  upserted AS (
    INSERT INTO insight_principal_months AS t (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
    SELECT organization_id, month, type, currency, sku_id, sum(lines), sum(unconvertible_lines), sum(quantity), sum(amount)
      FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, month, type, currency, sku_id)
      DO UPDATE SET lines = t.lines + excluded.lines, unconvertible_lines = t.unconvertible_lines + excluded.unconvertible_lines,
                    quantity = t.quantity + excluded.quantity, amount = t.amount + excluded.amount
    RETURNING 1)
  SELECT count(*) INTO rolled FROM moved;
  RETURN folded + rolled + coalesce(cardinality(stale), 0);
END $$;


-- What readers read, as the other sums: the kept rows plus what is appended
-- and not folded yet; for a distributor marked stale, its rows computed from
-- its customer sums now instead of its kept city rows.
CREATE VIEW insight_salesman_months_live WITH (security_invoker = true) AS
  SELECT organization_id, month, type, integration_id, currency, salesman_code, lines, amount FROM insight_salesman_months
  UNION ALL
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, salesman_code, lines, amount FROM insight_line_deltas;

CREATE VIEW insight_city_months_live WITH (security_invoker = true) AS
  SELECT k.organization_id, k.month, k.type, k.integration_id, k.currency, k.city, k.lines, k.amount FROM insight_city_months k
   WHERE NOT EXISTS (SELECT 1 FROM insight_city_stale s WHERE s.organization_id = k.organization_id)
  UNION ALL
  SELECT x.organization_id, x.month, x.type, x.integration_id, x.currency, p.city, x.lines, x.amount
    FROM insight_customer_months x
    JOIN (SELECT d.organization_id, d.party_code, insight_city_of(d.organization_id, d.party_code) AS city
            FROM (SELECT DISTINCT c.organization_id, c.party_code FROM insight_customer_months c
                   WHERE c.organization_id IN (SELECT s.organization_id FROM insight_city_stale s)) d) p
      ON p.organization_id = x.organization_id AND p.party_code = x.party_code
   WHERE x.organization_id IN (SELECT s.organization_id FROM insight_city_stale s)
  UNION ALL
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, insight_city_of(organization_id, party_code), lines, amount
    FROM insight_line_deltas;

-- What is already kept: salesman sums from the customer sums; city sums by the
-- first fold, every distributor with customer sums marked stale (until then
-- the view above computes them as it reads).
INSERT INTO insight_salesman_months (organization_id, month, type, integration_id, currency, salesman_code, lines, amount)
SELECT organization_id, month, type, integration_id, currency, salesman_code, sum(lines), sum(amount)
  FROM insight_customer_months GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO insight_city_stale (organization_id) SELECT DISTINCT organization_id FROM insight_customer_months;
