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

UPDATE "sync_runs"
SET "error_params" = COALESCE("error_params", '{}'::jsonb) || '{"source": "DMS"}'::jsonb,
    "error_code" = CASE "error_code"
      WHEN 'ACCESS_KEY_REJECTED' THEN 'CREDENTIALS_REJECTED'
      WHEN 'DMS_UNAVAILABLE' THEN 'SOURCE_UNAVAILABLE'
      WHEN 'DMS_RATE_LIMITED' THEN 'SOURCE_RATE_LIMITED'
      ELSE 'SOURCE_MALFORMED'
    END
WHERE "error_code" IN ('ACCESS_KEY_REJECTED', 'DMS_UNAVAILABLE', 'DMS_RATE_LIMITED', 'DMS_PROTOCOL_ERROR');

UPDATE "sync_runs"
SET "error_params" = "error_params" || jsonb_build_object('source', 'DMS', 'cause', CASE "error_params" ->> 'cause'
      WHEN 'ACCESS_KEY_REJECTED' THEN 'CREDENTIALS_REJECTED'
      WHEN 'DMS_UNAVAILABLE' THEN 'SOURCE_UNAVAILABLE'
      WHEN 'DMS_RATE_LIMITED' THEN 'SOURCE_RATE_LIMITED'
      ELSE 'SOURCE_MALFORMED'
    END)
WHERE "error_params" ->> 'cause' IN ('ACCESS_KEY_REJECTED', 'DMS_UNAVAILABLE', 'DMS_RATE_LIMITED', 'DMS_PROTOCOL_ERROR');

UPDATE "integrations"
SET "state_reason_params" = COALESCE("state_reason_params", '{}'::jsonb) || '{"source": "DMS"}'::jsonb,
    "state_reason_code" = CASE "state_reason_code"
      WHEN 'ACCESS_KEY_REJECTED' THEN 'CREDENTIALS_REJECTED'
      WHEN 'DMS_UNAVAILABLE' THEN 'SOURCE_UNAVAILABLE'
      WHEN 'DMS_RATE_LIMITED' THEN 'SOURCE_RATE_LIMITED'
      ELSE 'SOURCE_MALFORMED'
    END
WHERE "state_reason_code" IN ('ACCESS_KEY_REJECTED', 'DMS_UNAVAILABLE', 'DMS_RATE_LIMITED', 'DMS_PROTOCOL_ERROR');

UPDATE "integrations"
SET "state_reason_params" = "state_reason_params" || jsonb_build_object('source', 'DMS', 'cause', CASE "state_reason_params" ->> 'cause'
      WHEN 'ACCESS_KEY_REJECTED' THEN 'CREDENTIALS_REJECTED'
      WHEN 'DMS_UNAVAILABLE' THEN 'SOURCE_UNAVAILABLE'
      WHEN 'DMS_RATE_LIMITED' THEN 'SOURCE_RATE_LIMITED'
      ELSE 'SOURCE_MALFORMED'
    END)
WHERE "state_reason_params" ->> 'cause' IN ('ACCESS_KEY_REJECTED', 'DMS_UNAVAILABLE', 'DMS_RATE_LIMITED', 'DMS_PROTOCOL_ERROR');

ALTER TABLE "sync_runs" FORCE ROW LEVEL SECURITY;
ALTER TABLE "integrations" FORCE ROW LEVEL SECURITY;
