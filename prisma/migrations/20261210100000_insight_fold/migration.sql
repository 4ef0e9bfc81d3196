-- The insight sums leave the write path (issue 13, docs/product/master-data.md
-- "Where the figures come from").
--
-- Until now the line trigger upserted five sums in the write's own transaction:
-- the distributor's product, customer and day sums, and, for every principal
-- CONNECTED to the distributor, its SKU sums (each code resolved through that
-- principal's mapping and units) and the roll-up's deltas. Consolidation paid
-- 1.64x its time without them with three principals connected, about 0.1-0.2x
-- more per principal. Now the trigger only appends the statement's lines,
-- grouped by every key the sums use, to `insight_line_deltas`, and
-- `insight_fold()` (the worker calls it every few seconds) moves what has been
-- appended into every sum at once: a code and unit resolved once per fold and
-- principal instead of once per page.
--
-- Figures stay exact at every moment: readers read the `*_live` views below,
-- the kept sums plus what is appended and not yet folded (resolved through the
-- mappings as they are now for a principal), under the reader's row-level
-- security. A fold moves rows in one transaction, so a reader's statement sees
-- them either appended or folded, never both or neither.
--
-- One fold at a time, and nothing else writes the SKU sums or the roll-up
-- while it runs: a mapping, unit or connection change recomputes under the
-- same lock (`insight_fold_lock_key()`), so it reads the product sums with
-- either all of a fold or none of it, and what is still appended is resolved
-- later under the mapping that committed. Writers of lines take no lock.

CREATE TABLE "insight_line_deltas" (
    -- The distributor whose lines these are.
    "organization_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "product_code" TEXT NOT NULL,
    -- As the sums key it: upper(btrim(unit)).
    "unit" TEXT NOT NULL,
    -- '' when the document names none, as in the customer sums.
    "party_code" TEXT NOT NULL,
    "salesman_code" TEXT NOT NULL,
    -- +1 per line written, -1 per line removed.
    "lines" INTEGER NOT NULL,
    "quantity" DECIMAL(22,4) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL
);
-- One index, no key (the fold takes every row, it needs none): a reader finds
-- its distributors' rows through it instead of scanning the heap, which holds
-- the rows folded away until autovacuum clears them (a minute of a backfill's
-- lines, at worst).
CREATE INDEX "insight_line_deltas_organization_id_idx" ON "insight_line_deltas" ("organization_id");
-- The same for the roll-up's deltas, which readers scanned whole.
CREATE INDEX "insight_principal_deltas_organization_id_month_idx" ON "insight_principal_deltas" ("organization_id", "month");

ALTER TABLE "insight_line_deltas" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_line_deltas" FORCE ROW LEVEL SECURITY;
-- Read as the sums are: the distributor its own, a principal what its connections grant.
CREATE POLICY tenant_isolation ON "insight_line_deltas" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "insight_line_deltas" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY totals_maintenance ON "insight_line_deltas" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- The line trigger: one insert, static SQL (its plan is kept per session).
-- Lines are appended as they are, not grouped: the fold groups anyway, and
-- grouping a page by nine keys cost the write more than the rows it saved
-- (bench:insight's write cost, 1.31x grouped, 1.22x not, two runs each). An
-- update is grouped with what it replaces, so unchanged keys cancel out (a
-- name written onto lines appends nothing).
CREATE OR REPLACE FUNCTION insight_maintain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO insight_line_deltas (organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, lines, quantity, amount)
    SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)), coalesce(party_code, ''), coalesce(salesman_code, ''),
           1, quantity, amount
      FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO insight_line_deltas (organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, lines, quantity, amount)
    SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)), coalesce(party_code, ''), coalesce(salesman_code, ''),
           -1, -quantity, -amount
      FROM old_rows;
  ELSE
    INSERT INTO insight_line_deltas (organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, lines, quantity, amount)
    SELECT organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, sum(lines), sum(quantity), sum(amount)
      FROM (SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)) AS unit,
                   coalesce(party_code, '') AS party_code, coalesce(salesman_code, '') AS salesman_code, 1 AS lines, quantity, amount FROM new_rows
            UNION ALL
            SELECT organization_id, date, type, integration_id, currency, product_code, upper(btrim(unit)),
                   coalesce(party_code, ''), coalesce(salesman_code, ''), -1, -quantity, -amount FROM old_rows) d
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    HAVING sum(lines) <> 0 OR sum(quantity) <> 0 OR sum(amount) <> 0;
  END IF;
  RETURN NULL;
END $$;

-- The fold's lock, also taken by every recomputation of the SKU sums.
CREATE FUNCTION insight_fold_lock_key() RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended('insight-fold', 0) $$;

-- Moves every committed line delta into the sums, then the roll-up's deltas
-- into the roll-up, in one transaction. Answers how many rows it moved; 0
-- when another fold or a recomputation holds the lock (the next pass does it).
DROP FUNCTION insight_principal_fold();
CREATE FUNCTION insight_fold() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  folded integer;
  rolled integer;
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
    RETURNING 1)
  SELECT count(*) INTO folded FROM moved;

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
  RETURN folded + rolled;
END $$;

-- A recomputation of one principal x distributor, as before, under the fold's
-- lock instead of the distributor's (lines' writers no longer take one): it
-- reads the product sums with all of a fold or none of it, and what is still
-- appended stays for the next fold, which resolves it under the mapping that
-- committed.
CREATE OR REPLACE FUNCTION insight_skus_refresh(p_principal uuid, p_distributor uuid, p_skus uuid[], p_rollup boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  grant_row connections%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(insight_fold_lock_key());
  SELECT * INTO grant_row FROM connections c
   WHERE c.principal_org_id = p_principal AND c.distributor_org_id = p_distributor AND c.status = 'CONNECTED';
  IF p_rollup AND FOUND THEN
    INSERT INTO insight_principal_deltas (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
    SELECT p_principal, month, type, currency, sku_id, -sum(lines), -sum(unconvertible_lines), -sum(quantity), -sum(amount)
      FROM insight_sku_months t
     WHERE t.distributor_id = p_distributor AND t.organization_id = p_principal AND (p_skus IS NULL OR t.sku_id = ANY (p_skus))
       AND connection_covers(grant_row.document_types, grant_row.integration_ids, t.type, t.integration_id)
     GROUP BY month, type, currency, sku_id
    HAVING sum(lines) <> 0 OR sum(unconvertible_lines) <> 0 OR sum(quantity) <> 0 OR sum(amount) <> 0;
  END IF;
  DELETE FROM insight_sku_months t
   WHERE t.distributor_id = p_distributor AND t.organization_id = p_principal AND (p_skus IS NULL OR t.sku_id = ANY (p_skus));
  IF grant_row.id IS NULL THEN
    RETURN;
  END IF;
  WITH computed AS (
    INSERT INTO insight_sku_months (organization_id, month, type, currency, distributor_id, integration_id, sku_id, lines, unconvertible_lines, quantity, amount)
    SELECT p_principal, s.month, s.type, s.currency, s.organization_id, s.integration_id, r.sku_id,
           sum(s.lines), coalesce(sum(s.lines) FILTER (WHERE r.sku_id IS NOT NULL AND r.factor IS NULL), 0),
           coalesce(sum(s.quantity * r.factor), 0), sum(s.amount)
      FROM insight_product_months s
      CROSS JOIN LATERAL insight_sku_of(p_principal, s.organization_id, s.product_code, s.unit) r
     WHERE s.organization_id = p_distributor AND s.lines <> 0 AND (p_skus IS NULL OR r.sku_id = ANY (p_skus))
     GROUP BY s.month, s.type, s.currency, s.organization_id, s.integration_id, r.sku_id
    RETURNING *)
  INSERT INTO insight_principal_deltas (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
  SELECT p_principal, month, type, currency, sku_id, sum(lines), sum(unconvertible_lines), sum(quantity), sum(amount)
    FROM computed
   WHERE p_rollup AND connection_covers(grant_row.document_types, grant_row.integration_ids, type, integration_id)
   GROUP BY month, type, currency, sku_id;
END $$;

CREATE OR REPLACE FUNCTION insight_skus_connection_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.document_types = NEW.document_types AND OLD.integration_ids = NEW.integration_ids
     AND OLD.principal_org_id = NEW.principal_org_id AND OLD.distributor_org_id = NEW.distributor_org_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(insight_fold_lock_key());
    IF OLD.status = 'CONNECTED' THEN
      PERFORM insight_principal_contribution(OLD.principal_org_id, OLD.distributor_org_id, OLD.document_types, OLD.integration_ids, -1);
    END IF;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'CONNECTED' THEN PERFORM insight_skus_refresh(NEW.principal_org_id, NEW.distributor_org_id, NULL, false); END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status = 'CONNECTED' THEN PERFORM insight_skus_refresh(OLD.principal_org_id, OLD.distributor_org_id, NULL, false); END IF;
  ELSIF OLD.principal_org_id <> NEW.principal_org_id OR OLD.distributor_org_id <> NEW.distributor_org_id THEN
    PERFORM insight_skus_refresh(OLD.principal_org_id, OLD.distributor_org_id, NULL, false);
    PERFORM insight_skus_refresh(NEW.principal_org_id, NEW.distributor_org_id, NULL, false);
  ELSIF (OLD.status = 'CONNECTED') IS DISTINCT FROM (NEW.status = 'CONNECTED') THEN
    PERFORM insight_skus_refresh(NEW.principal_org_id, NEW.distributor_org_id, NULL, false);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'CONNECTED' THEN
    PERFORM insight_principal_contribution(NEW.principal_org_id, NEW.distributor_org_id, NEW.document_types, NEW.integration_ids, 1);
  END IF;
  RETURN NULL;
END $$;

DROP FUNCTION insight_skus_lock_key(uuid);

-- ---------------------------------------------------------------------------
-- What readers read: each sum plus the deltas not yet folded, in the sum's
-- shape (rows per key are not merged: readers group). `security_invoker`: the
-- reader's row-level security applies to both parts.
-- ---------------------------------------------------------------------------
CREATE VIEW insight_product_months_live WITH (security_invoker = true) AS
  SELECT organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount FROM insight_product_months
  UNION ALL
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, product_code, unit, lines, quantity, amount FROM insight_line_deltas;

CREATE VIEW insight_customer_months_live WITH (security_invoker = true) AS
  SELECT organization_id, month, type, integration_id, currency, party_code, salesman_code, lines, amount FROM insight_customer_months
  UNION ALL
  SELECT organization_id, date_trunc('month', date)::date, type, integration_id, currency, party_code, salesman_code, lines, amount FROM insight_line_deltas;

CREATE VIEW insight_days_live WITH (security_invoker = true) AS
  SELECT organization_id, date, type, integration_id, currency, lines, amount FROM insight_days
  UNION ALL
  SELECT organization_id, date, type, integration_id, currency, lines, amount FROM insight_line_deltas;

-- A principal's SKU sums: the appended lines resolved for each principal
-- CONNECTED to their distributor, as the fold will resolve them. Like the
-- kept rows' policy, a principal reads only its own (a distributor would
-- otherwise see its own lines labelled with a principal); the owner, which
-- sets no organisation and to which row-level security does not apply, all.
CREATE VIEW insight_sku_months_live WITH (security_invoker = true) AS
  SELECT organization_id, month, type, currency, distributor_id, integration_id, sku_id, lines, unconvertible_lines, quantity, amount FROM insight_sku_months
  UNION ALL
  SELECT c.principal_org_id, date_trunc('month', d.date)::date, d.type, d.currency, d.organization_id, d.integration_id, r.sku_id, d.lines,
         CASE WHEN r.sku_id IS NOT NULL AND r.factor IS NULL THEN d.lines ELSE 0 END, coalesce(d.quantity * r.factor, 0), d.amount
    FROM insight_line_deltas d
    JOIN connections c ON c.distributor_org_id = d.organization_id AND c.status = 'CONNECTED'
    CROSS JOIN LATERAL insight_sku_of(c.principal_org_id, d.organization_id, d.product_code, d.unit) r
   WHERE c.principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid)
      OR (select current_setting('app.platform_admin', true)) = 'on'
      OR (select coalesce(current_setting('app.org_id', true), '')) = '';

-- A principal's roll-up: folded rows, its appended deltas, and the appended
-- lines its connections grant, resolved.
CREATE VIEW insight_principal_months_live WITH (security_invoker = true) AS
  SELECT organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount FROM insight_principal_months
  UNION ALL
  SELECT organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount FROM insight_principal_deltas
  UNION ALL
  SELECT c.principal_org_id, date_trunc('month', d.date)::date, d.type, d.currency, r.sku_id, d.lines,
         CASE WHEN r.sku_id IS NOT NULL AND r.factor IS NULL THEN d.lines ELSE 0 END, coalesce(d.quantity * r.factor, 0), d.amount
    FROM insight_line_deltas d
    JOIN connections c ON c.distributor_org_id = d.organization_id AND c.status = 'CONNECTED'
                      AND connection_covers(c.document_types, c.integration_ids, d.type, d.integration_id)
    CROSS JOIN LATERAL insight_sku_of(c.principal_org_id, d.organization_id, d.product_code, d.unit) r
   WHERE c.principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid)
      OR (select current_setting('app.platform_admin', true)) = 'on'
      OR (select coalesce(current_setting('app.org_id', true), '')) = '';
