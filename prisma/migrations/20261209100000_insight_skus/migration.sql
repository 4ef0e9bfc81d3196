-- A principal's sums by its own SKU (issue 13, docs/product/master-data.md "Insight (built)").
--
-- The sums of `*_insight` are keyed by the distributor's own product code and
-- unit, so a principal's figure had to resolve every code of every connected
-- distributor through its mappings and unit conversions per request: over 100
-- distributors that was seconds. `insight_sku_months` holds the same lines
-- already resolved, per principal: SKU (NULL = the distributor's product is not
-- mapped), base-unit quantity of the convertible lines, and how many mapped
-- lines could not be converted. Kept exact, in the same transaction as what
-- changes it:
--   lines written or removed     -> the line trigger adds the delta (as the other sums);
--   a mapping changed            -> that principal x distributor recomputed from
--                                   the distributor's product sums (bounded:
--                                   one distributor's months, not its lines);
--   a SKU's or product's units   -> only the SKUs concerned recomputed;
--   a connection (dis)connected  -> that principal x distributor recomputed or removed.
-- Row-level security applies the connection's consent (types, integrations)
-- when reading, like every other table derived from documents.
--
-- Over all its distributors a principal still had ~70,000 such rows a month
-- at 100 distributors: `insight_principal_months` rolls them up per month,
-- type, currency and SKU (a few thousand rows a month), holding only what the
-- principal's connections grant. Writers of different distributors would all
-- update the same rolled-up rows (this month, a popular SKU) and wait on each
-- other's page transactions, so they only ever append to
-- `insight_principal_deltas`; `insight_principal_fold()` moves the appended
-- rows into the roll-up (the worker calls it every few seconds), and readers
-- read the roll-up plus the deltas not yet folded: exact at every moment.

CREATE TABLE "insight_sku_months" (
    -- The principal whose SKUs these are.
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "currency" TEXT NOT NULL,
    "distributor_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    -- NULL: lines of products the principal has not mapped (counted as unmapped).
    "sku_id" UUID,
    "lines" INTEGER NOT NULL,
    -- Mapped lines whose unit neither the SKU nor the distributor's product converts.
    "unconvertible_lines" INTEGER NOT NULL,
    -- Base units of the SKU, convertible lines only; unbounded scale so that
    -- factors with decimals sum exactly, as when computed on reading.
    "quantity" NUMERIC NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL
);
-- One index, the key, led by principal and distributor: a recomputation of one
-- principal x distributor reads its prefix, a principal's figures over all
-- its distributors one range per distributor (a second index would cost every
-- write of lines).
CREATE UNIQUE INDEX "insight_sku_months_key" ON "insight_sku_months"
  ("organization_id", "distributor_id", "month", "type", "currency", "integration_id", "sku_id") NULLS NOT DISTINCT;

ALTER TABLE "insight_sku_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_sku_months" FORCE ROW LEVEL SECURITY;
-- One policy, both conditions: the principal's own rows AND what its connections
-- grant now (permissive policies add up, so two would let either suffice).
CREATE POLICY tenant_isolation ON "insight_sku_months" FOR SELECT
  USING ((organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid)
          AND ((distributor_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
            OR (distributor_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL)))
      OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY totals_maintenance ON "insight_sku_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE TABLE "insight_principal_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "currency" TEXT NOT NULL,
    "sku_id" UUID,
    "lines" INTEGER NOT NULL,
    "unconvertible_lines" INTEGER NOT NULL,
    "quantity" NUMERIC NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL
);
CREATE UNIQUE INDEX "insight_principal_months_key" ON "insight_principal_months"
  ("organization_id", "month", "type", "currency", "sku_id") NULLS NOT DISTINCT;
CREATE TABLE "insight_principal_deltas" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "type" "DocumentType" NOT NULL,
    "currency" TEXT NOT NULL,
    "sku_id" UUID,
    "lines" INTEGER NOT NULL,
    "unconvertible_lines" INTEGER NOT NULL,
    "quantity" NUMERIC NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "insight_principal_deltas_pkey" PRIMARY KEY ("id")
);
-- No index beyond the key: deltas live seconds (until the next fold), so readers scan the few there are and writers maintain nothing more.

-- Both hold only what the principal's CONNECTED connections grant (kept so
-- below, on every change of lines, mappings, units or connections), so the
-- principal's own rows are what it may read.
ALTER TABLE "insight_principal_months" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_principal_months" FORCE ROW LEVEL SECURITY;
ALTER TABLE "insight_principal_deltas" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "insight_principal_deltas" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "insight_principal_months" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "insight_principal_deltas" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY totals_maintenance ON "insight_principal_months" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY totals_maintenance ON "insight_principal_deltas" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- Whether a connection grants a (type, integration): the rule of
-- `connection_grants()` for one connection row (no integrations named: all).
CREATE FUNCTION connection_covers(document_types "DocumentType"[], integration_ids uuid[], t "DocumentType", i uuid) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT t = ANY (document_types) AND (cardinality(integration_ids) = 0 OR i = ANY (integration_ids)) $$;

-- Appends to the roll-up what one principal x distributor's SKU rows
-- contribute under a connection's grant, times `p_sign` (+1 added, -1 taken
-- away): used when the grant itself changes.
CREATE FUNCTION insight_principal_contribution(p_principal uuid, p_distributor uuid, p_types "DocumentType"[], p_integrations uuid[], p_sign integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO insight_principal_deltas (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
  SELECT p_principal, month, type, currency, sku_id, p_sign * sum(lines), p_sign * sum(unconvertible_lines), p_sign * sum(quantity), p_sign * sum(amount)
    FROM insight_sku_months
   WHERE organization_id = p_principal AND distributor_id = p_distributor AND connection_covers(p_types, p_integrations, type, integration_id)
   GROUP BY month, type, currency, sku_id
  HAVING sum(lines) <> 0 OR sum(unconvertible_lines) <> 0 OR sum(quantity) <> 0 OR sum(amount) <> 0
$$;

-- Moves every committed delta into the roll-up, in one transaction (a reader
-- sees them either still appended or already folded, never both or neither).
-- One folder at a time; answers how many deltas it folded (0: another holds it).
CREATE FUNCTION insight_principal_fold() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('insight-principal-fold', 0)) THEN
    RETURN 0;
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
  SELECT count(*) INTO folded FROM moved;
  RETURN folded;
END $$;

-- The functions below run as this migration's owner and read across
-- organisations (a distributor's write resolves a principal's mapping). When
-- the owner is not a superuser, FORCE ROW LEVEL SECURITY would hide those rows
-- from it: these policies let the owner read them, the application role is
-- not concerned.
CREATE POLICY insight_maintenance ON "product_mappings" FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY insight_maintenance ON "principal_skus" FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY insight_maintenance ON "products" FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY insight_maintenance ON "connections" FOR SELECT TO CURRENT_USER USING (true);

-- What a distributor's product code and unit mean to a principal: its SKU
-- (NULL when unmapped) and the base units one unit holds (NULL when neither
-- the SKU's conversions nor the distributor's product's, times the SKU's
-- factor of that product's base unit, convert it). The distributor's product
-- is the most recently changed of that code among its integrations. The same
-- rule the API applied on reading before; a plain SQL function, so Postgres
-- inlines it into the statements below.
CREATE FUNCTION insight_sku_of(p_principal uuid, p_distributor uuid, p_code text, p_unit text)
  RETURNS TABLE (sku_id uuid, factor numeric) LANGUAGE sql STABLE AS $$
  SELECT sk.id,
         CASE WHEN sk.id IS NULL THEN NULL
              ELSE coalesce(unit_factor(sk.conversions, sk.base_unit, p_unit),
                            unit_factor(pm.conversions, pm.base_unit, p_unit) * unit_factor(sk.conversions, sk.base_unit, pm.base_unit)) END
    FROM (SELECT 1) one
    LEFT JOIN product_mappings m ON m.organization_id = p_principal AND m.distributor_id = p_distributor AND m.product_code = p_code
    LEFT JOIN principal_skus sk ON sk.id = m.sku_id
    LEFT JOIN LATERAL (SELECT p.conversions, p.base_unit FROM products p
                        WHERE p.organization_id = p_distributor AND p.code = p_code
                        ORDER BY p.source_updated_at DESC, p.id LIMIT 1) pm ON sk.id IS NOT NULL
$$;

-- Lines' writers of a distributor share this lock and a recomputation holds it
-- alone, so a recomputation starts after the writes in flight have committed
-- (it reads their product sums) and a write after it resolves codes with what
-- it committed. Without it, a write racing a mapping change could add its lines
-- under the old mapping after the recomputation had read the sums without them.
CREATE FUNCTION insight_skus_lock_key(p_distributor uuid) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended('insight-skus:' || p_distributor::text, 0) $$;

-- Recomputes one principal x distributor from the distributor's product sums:
-- every row, or only those of `p_skus` (their rows come only from the codes
-- mapped to them). Removes them when the two are not CONNECTED. The roll-up
-- gets the difference under the connection's grant, unless `p_rollup` is off
-- (the connection trigger accounts for the grant itself).
CREATE FUNCTION insight_skus_refresh(p_principal uuid, p_distributor uuid, p_skus uuid[], p_rollup boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  grant_row connections%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(insight_skus_lock_key(p_distributor));
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

-- The line trigger of `*_insight`, with the SKU sums added: each delta row
-- counts once per principal CONNECTED to its distributor (consent is applied
-- on reading), resolved through that principal's mapping now.
CREATE OR REPLACE FUNCTION insight_maintain() RETURNS trigger
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
  -- Its own statement, so the statement below takes its snapshot after the lock: it sees a recomputation that committed meanwhile.
  EXECUTE format('SELECT pg_advisory_xact_lock_shared(insight_skus_lock_key(o)) FROM (SELECT DISTINCT organization_id AS o FROM %I ORDER BY 1) x',
                 CASE TG_OP WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END);
  delta := CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END;
  EXECUTE format($sql$
    WITH delta AS MATERIALIZED (%s),
    -- The lines' delta per month and product code: the product sums' rows, and what the SKU sums resolve.
    product_delta AS MATERIALIZED (
      SELECT organization_id, date_trunc('month', date)::date AS month, type, integration_id, currency, product_code, unit,
             sum(lines) AS lines, sum(quantity) AS quantity, sum(amount) AS amount
        FROM delta GROUP BY 1, 2, 3, 4, 5, 6, 7),
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

-- A mapping added, changed or removed: the principal x distributor pairs it
-- touches, recomputed once per statement (a bulk confirmation is one).
CREATE FUNCTION insight_skus_mappings_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  pair record;
  touched text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT organization_id, distributor_id FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT organization_id, distributor_id FROM old_rows'
    ELSE 'SELECT organization_id, distributor_id FROM new_rows UNION SELECT organization_id, distributor_id FROM old_rows' END;
BEGIN
  FOR pair IN EXECUTE format('SELECT DISTINCT organization_id, distributor_id FROM (%s) x ORDER BY distributor_id, organization_id', touched) LOOP
    PERFORM insight_skus_refresh(pair.organization_id, pair.distributor_id, NULL);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER product_mappings_insight_insert AFTER INSERT ON "product_mappings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_mappings_changed();
CREATE TRIGGER product_mappings_insight_update AFTER UPDATE ON "product_mappings"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_mappings_changed();
CREATE TRIGGER product_mappings_insight_delete AFTER DELETE ON "product_mappings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_mappings_changed();

-- A SKU whose base unit or conversions changed: its rows, for every
-- distributor mapped to it. (A deleted SKU takes its mappings with it, and
-- their trigger recomputes.)
CREATE FUNCTION insight_skus_units_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  pair record;
BEGIN
  FOR pair IN
    SELECT m.organization_id, m.distributor_id, array_agg(DISTINCT m.sku_id) AS skus
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      JOIN product_mappings m ON m.sku_id = n.id
     WHERE n.base_unit IS DISTINCT FROM o.base_unit OR n.conversions IS DISTINCT FROM o.conversions
     GROUP BY m.distributor_id, m.organization_id ORDER BY m.distributor_id, m.organization_id
  LOOP
    PERFORM insight_skus_refresh(pair.organization_id, pair.distributor_id, pair.skus);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER principal_skus_insight_update AFTER UPDATE ON "principal_skus"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_units_changed();

-- A distributor's product added, changed or removed where it can change a
-- factor (its units, its code, or which of several same-code products is the
-- newest): the SKUs its code is mapped to, for every principal that mapped it.
CREATE FUNCTION insight_skus_products_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  pair record;
  touched text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT organization_id, code FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT organization_id, code FROM old_rows'
    ELSE 'SELECT n.organization_id, n.code FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.base_unit IS DISTINCT FROM o.base_unit OR n.conversions IS DISTINCT FROM o.conversions
              OR n.code IS DISTINCT FROM o.code OR n.source_updated_at IS DISTINCT FROM o.source_updated_at
          UNION SELECT o.organization_id, o.code FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.code IS DISTINCT FROM o.code' END;
BEGIN
  FOR pair IN EXECUTE format(
    'SELECT m.organization_id, m.distributor_id, array_agg(DISTINCT m.sku_id) AS skus
       FROM (SELECT DISTINCT organization_id, code FROM (%s) x) ch
       JOIN product_mappings m ON m.distributor_id = ch.organization_id AND m.product_code = ch.code
      GROUP BY m.distributor_id, m.organization_id ORDER BY m.distributor_id, m.organization_id', touched)
  LOOP
    PERFORM insight_skus_refresh(pair.organization_id, pair.distributor_id, pair.skus);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER products_insight_insert AFTER INSERT ON "products"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_products_changed();
CREATE TRIGGER products_insight_update AFTER UPDATE ON "products"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_products_changed();
CREATE TRIGGER products_insight_delete AFTER DELETE ON "products"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_skus_products_changed();

-- A connection that becomes CONNECTED gets its sums; one that stops being
-- CONNECTED (revoked, deleted) loses them. Its SKU rows hold every type
-- (row-level security applies the consent on reading them); the roll-up holds
-- only what the grant covers, so a grant that changes in any way takes the old
-- grant's contribution out and puts the new one's in.
CREATE FUNCTION insight_skus_connection_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.document_types = NEW.document_types AND OLD.integration_ids = NEW.integration_ids
     AND OLD.principal_org_id = NEW.principal_org_id AND OLD.distributor_org_id = NEW.distributor_org_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(insight_skus_lock_key(OLD.distributor_org_id));
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
CREATE TRIGGER connections_insight AFTER INSERT OR UPDATE OR DELETE ON "connections"
  FOR EACH ROW EXECUTE FUNCTION insight_skus_connection_changed();

-- The connections already made.
SELECT insight_skus_refresh(c.principal_org_id, c.distributor_org_id, NULL)
  FROM connections c WHERE c.status = 'CONNECTED' ORDER BY c.distributor_org_id, c.principal_org_id;
SELECT insight_principal_fold();
