-- Active outlets over any range of months, kept (issue 13,
-- docs/product/master-data.md "Where the figures come from"). A principal's
-- summary counts distinct (distributor, customer) with an invoice in the range
-- and in the one before: over its screen's default twelve months (and the
-- twelve before) that grouped about 320,000 customer-month rows of 100
-- distributors per request (0.4 s alone, 2.6 s p95 under load). Distinct
-- counts do not add up over months, so they are kept per range:
-- `insight_outlet_ranges` holds, per distributor, invoice type, integration
-- and currency, for a range starting at `range_start`, how many customers
-- are active from it up to `month`, at each month where that number grows.
-- A range [A, B] reads the row of `range_start` = the later of A and the
-- key's first month with the greatest `month` <= B: one index probe.
-- Ranges up to 48 months long are kept (the screens ask at most 37).
--
-- The fold marks the keys whose lines it folds (`insight_outlet_keys.stale`)
-- and computes their ranges again from the customer sums in the same
-- transaction. Readers count a distributor from its customer sums instead
-- when a key of it is stale, it has lines not folded yet, or two of its
-- integrations share a currency (a customer may be in both): exact at every
-- moment. Only invoices make an outlet active (the measures' positive types,
-- `INSIGHT_MEASURE_TYPES`), so only their keys are kept.

CREATE TABLE "insight_outlet_keys" (
    "organization_id" UUID NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    -- The first month with an active customer (no range starts before it); NULL while stale or when none.
    "first_month" DATE,
    "stale" BOOLEAN NOT NULL,

    CONSTRAINT "insight_outlet_keys_pkey" PRIMARY KEY ("organization_id","type","integration_id","currency")
);
CREATE TABLE "insight_outlet_ranges" (
    "organization_id" UUID NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "range_start" DATE NOT NULL,
    "month" DATE NOT NULL,
    "outlets" INTEGER NOT NULL,

    CONSTRAINT "insight_outlet_ranges_pkey" PRIMARY KEY ("organization_id","type","integration_id","currency","range_start","month") INCLUDE ("outlets")
);

ALTER TABLE "insight_outlet_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_outlet_keys" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_outlet_ranges" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_outlet_ranges" FORCE ROW LEVEL SECURITY;
-- Read as the sums are: the distributor its own, a principal what its connections grant.
CREATE POLICY tenant_isolation ON "insight_outlet_keys" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "insight_outlet_ranges" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "insight_outlet_keys" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY connection_scope ON "insight_outlet_ranges" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
-- Only the fold (running as the owner) writes.
CREATE POLICY totals_maintenance ON "insight_outlet_keys" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_outlet_ranges" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

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
    RETURNING 1),
  -- Whose active outlets changed: computed again below, once the customer sums hold these lines.
  outlet_marks AS (
    INSERT INTO insight_outlet_keys AS t (organization_id, type, integration_id, currency, first_month, stale)
    SELECT DISTINCT organization_id, type, integration_id, currency, NULL::date, true
      FROM moved WHERE type IN ('SALES_INVOICE', 'PURCHASE_INVOICE')
    ON CONFLICT (organization_id, type, integration_id, currency) DO UPDATE SET stale = true
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

  -- The outlet ranges of the keys marked above (or by the migration), computed
  -- again from their customer sums. A range starting at month s counts a
  -- customer from its next active month on or after s: month m is that for
  -- every s after the customer's previous active month (at most 47 months
  -- back, and not before the key's first month: nothing is active before it).
  DELETE FROM insight_outlet_ranges r USING insight_outlet_keys k
   WHERE k.stale AND r.organization_id = k.organization_id AND r.type = k.type AND r.integration_id = k.integration_id AND r.currency = k.currency;
  WITH act AS (
    SELECT c.organization_id, c.type, c.integration_id, c.currency, c.party_code, c.month
      FROM insight_customer_months c
      JOIN insight_outlet_keys k ON k.stale AND k.organization_id = c.organization_id AND k.type = c.type
                                AND k.integration_id = c.integration_id AND k.currency = c.currency
     WHERE c.party_code <> '' AND (c.lines <> 0 OR c.amount <> 0)
     GROUP BY 1, 2, 3, 4, 5, 6),
  runs AS (
    SELECT a.*, lag(a.month) OVER (PARTITION BY a.organization_id, a.type, a.integration_id, a.currency, a.party_code ORDER BY a.month) AS previous,
           min(a.month) OVER (PARTITION BY a.organization_id, a.type, a.integration_id, a.currency) AS first
      FROM act a),
  hist AS (
    SELECT r.organization_id, r.type, r.integration_id, r.currency, s::date AS range_start, r.month, count(*) AS n
      FROM runs r
     CROSS JOIN LATERAL generate_series(greatest((r.previous + interval '1 month')::date, (r.month - interval '47 months')::date, r.first),
                                        r.month, interval '1 month') s
     GROUP BY 1, 2, 3, 4, 5, 6)
  INSERT INTO insight_outlet_ranges (organization_id, type, integration_id, currency, range_start, month, outlets)
  SELECT organization_id, type, integration_id, currency, range_start, month,
         sum(n) OVER (PARTITION BY organization_id, type, integration_id, currency, range_start ORDER BY month)::int
    FROM hist;
  UPDATE insight_outlet_keys k
     SET stale = false,
         first_month = (SELECT min(r.range_start) FROM insight_outlet_ranges r
                         WHERE r.organization_id = k.organization_id AND r.type = k.type AND r.integration_id = k.integration_id AND r.currency = k.currency)
   WHERE k.stale;

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

-- What is already kept: every key marked, so the next fold computes its
-- ranges (until then readers count those distributors from their customer sums).
INSERT INTO insight_outlet_keys (organization_id, type, integration_id, currency, first_month, stale)
SELECT DISTINCT organization_id, type, integration_id, currency, NULL::date, true
  FROM insight_customer_months WHERE type IN ('SALES_INVOICE', 'PURCHASE_INVOICE');
