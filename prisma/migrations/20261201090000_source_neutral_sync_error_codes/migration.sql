-- The source failures a sync run or a parked integration records are the
-- same for every pulled kind (a source connector's error kinds); the kind
-- moves into the params as "source". Only DMS integrations have been pulled
-- so far, so every stored DMS-named code is a DMS one. Wrapping codes
-- (RETRIES_EXHAUSTED, RETRYING) carry the inner code as params.cause.
--
-- Row-level security is FORCED on both tables, so even their owner would see
-- no rows here without an organisation set: lift FORCE for this migration only.
ALTER TABLE "sync_runs" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "integrations" NO FORCE ROW LEVEL SECURITY;

-- The one mapping from an old DMS-named code to its source-neutral code.
CREATE FUNCTION pg_temp.source_neutral(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE code
    WHEN 'ACCESS_KEY_REJECTED' THEN 'CREDENTIALS_REJECTED'
    WHEN 'DMS_UNAVAILABLE' THEN 'SOURCE_UNAVAILABLE'
    WHEN 'DMS_RATE_LIMITED' THEN 'SOURCE_RATE_LIMITED'
    WHEN 'DMS_PROTOCOL_ERROR' THEN 'SOURCE_MALFORMED'
  END
$$;

-- The same two rewrites on each table: its code (with the kind added as
-- "source") and a wrapping code's inner cause.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('sync_runs', 'error_code', 'error_params'), ('integrations', 'state_reason_code', 'state_reason_params')) AS v(tbl, code, params)
  LOOP
    EXECUTE format($q$UPDATE %1$I SET %3$I = COALESCE(%3$I, '{}'::jsonb) || '{"source": "DMS"}'::jsonb, %2$I = pg_temp.source_neutral(%2$I)
      WHERE pg_temp.source_neutral(%2$I) IS NOT NULL$q$, t.tbl, t.code, t.params);
    EXECUTE format($q$UPDATE %1$I SET %2$I = %2$I || jsonb_build_object('source', 'DMS', 'cause', pg_temp.source_neutral(%2$I ->> 'cause'))
      WHERE pg_temp.source_neutral(%2$I ->> 'cause') IS NOT NULL$q$, t.tbl, t.params);
  END LOOP;
END
$$;

ALTER TABLE "sync_runs" FORCE ROW LEVEL SECURITY;
ALTER TABLE "integrations" FORCE ROW LEVEL SECURITY;
