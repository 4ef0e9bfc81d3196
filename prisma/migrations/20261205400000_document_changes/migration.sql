-- The changes feed (GET /api/documents/changes, docs/product/api-keys-and-audit.md):
-- every change a caller may see, at a position that never lets a reader resuming
-- from a cursor skip or repeat one, also while writers commit concurrently.
--
-- Position = (the writing transaction's id, document id). A sequence or a
-- timestamp is assigned before commit, so a change can become visible after a
-- later-numbered one was already served (transaction A takes 100, B takes 101
-- and commits, a reader serves 101 and moves its cursor past 100; A commits).
-- Serving only changes whose transaction is older than the reader's snapshot
-- xmin (`pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it
-- has finished) is not enough on its own either while the order is a sequence:
-- an older transaction can draw a higher number than a younger one that is
-- still open. Ordering by the transaction id itself closes both gaps: every
-- change not yet served belongs to a transaction at or above the xmin, so it
-- sorts after every position already served. A long transaction holds the
-- feed back until it ends; that delay is the price of never skipping.
--
-- Three sources, each a row per document (the feed is compacted: a document
-- appears once, at its latest change):
--   documents.change_xid           the document as it is (UPSERT)
--   document_tombstones            a document deleted at source or with its integration (DELETE)
--   document_scope_changes         a document entering or leaving one principal's scope (connection
--                                  accepted, widened, narrowed or revoked): one row per (principal, document)

ALTER TABLE "documents" ADD COLUMN "change_xid" xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX "documents_organization_id_change_xid_id_idx" ON "documents" ("organization_id", "change_xid", "id") INCLUDE ("type", "integration_id");

-- An update moves the document to its transaction's position. Inserts take the
-- column default, so the consolidation's first load pays nothing; only rewritten
-- documents run this. Lines change only with their header (the shared writer
-- upserts the header first and rewrites the lines of the rows it returned), so
-- the header's position covers them.
CREATE FUNCTION document_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER documents_change_stamp BEFORE UPDATE ON "documents" FOR EACH ROW EXECUTE FUNCTION document_change_stamp();

CREATE TABLE "document_tombstones" (
    "document_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "type" "DocumentType" NOT NULL,
    "integration_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "change_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "document_tombstones_pkey" PRIMARY KEY ("document_id")
);
CREATE INDEX "document_tombstones_organization_id_change_xid_document_id_idx" ON "document_tombstones" ("organization_id", "change_xid", "document_id") INCLUDE ("type", "integration_id");

CREATE TABLE "document_scope_changes" (
    "principal_org_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "visible" BOOLEAN NOT NULL,
    "reason" TEXT,
    "change_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),

    CONSTRAINT "document_scope_changes_pkey" PRIMARY KEY ("principal_org_id", "document_id")
);
CREATE INDEX "document_scope_changes_principal_org_id_change_xid_document_id_idx" ON "document_scope_changes" ("principal_org_id", "change_xid", "document_id");

-- Tombstones: seen like the documents they replace (own, or through the
-- connection scope); principals see only their own scope changes. Only the
-- triggers' functions (running as this migration's owner) write either.
ALTER TABLE "document_tombstones" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "document_tombstones" FORCE ROW LEVEL SECURITY;
ALTER TABLE "document_scope_changes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "document_scope_changes" FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON "document_tombstones" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY connection_scope ON "document_tombstones" FOR SELECT
  USING ((organization_id, type) IN (SELECT g.organization_id, g.type FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (organization_id, type, integration_id) IN (SELECT g.organization_id, g.type, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL));
CREATE POLICY principal_own ON "document_scope_changes" FOR SELECT
  USING (principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid));
CREATE POLICY change_capture ON "document_tombstones" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY change_capture ON "document_scope_changes" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
-- A revoke runs as the principal, who no longer sees the distributor's
-- documents once its connection has changed: the capture reads them as owner.
CREATE POLICY change_capture ON "documents" FOR SELECT TO CURRENT_USER USING (true);

-- One statement per delete (an integration's deletion cascades in one), set-based
-- like document_totals_maintain(). The reason: the integration is gone with its
-- documents, or the documents alone were deleted (at source).
CREATE FUNCTION document_tombstones_capture() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO document_tombstones (document_id, organization_id, type, integration_id, reason)
  SELECT o.id, o.organization_id, o.type, o.integration_id,
         CASE WHEN EXISTS (SELECT 1 FROM integrations i WHERE i.id = o.integration_id) THEN 'DELETED_AT_SOURCE' ELSE 'INTEGRATION_DELETED' END
    FROM old_rows o
  ON CONFLICT (document_id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER documents_tombstones AFTER DELETE ON "documents"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION document_tombstones_capture();

-- A connection's scope moved (accepted, revoked, types or integrations changed):
-- one set-based upsert of the distributor's documents that entered or left it,
-- keyed by (principal, document) so a document that leaves and comes back keeps
-- one row at its latest move, at this transaction's position. Leaving also
-- covers the tombstones, since a deletion the principal had not read yet is no
-- longer visible to it once out of scope; their rows keep the deletion's own
-- position, so the principal reads the DELETE exactly where it would have (a
-- reader already past it is not told twice). Written in the scope change's own
-- transaction, whatever path changes a connection. Cost measured in
-- docs/product/api-keys-and-audit.md.
CREATE FUNCTION document_scope_capture() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was_connected boolean := TG_OP = 'UPDATE' AND OLD.status = 'CONNECTED';
  is_connected boolean := NEW.status = 'CONNECTED';
  leaving text := CASE WHEN NEW.status = 'CONNECTED' THEN 'CONNECTION_NARROWED' ELSE 'CONNECTION_REVOKED' END;
BEGIN
  IF NOT was_connected AND NOT is_connected THEN RETURN NULL; END IF;
  IF was_connected AND is_connected AND OLD.document_types = NEW.document_types AND OLD.integration_ids = NEW.integration_ids THEN RETURN NULL; END IF;
  INSERT INTO document_scope_changes AS s (principal_org_id, document_id, organization_id, visible, reason, change_xid)
  SELECT NEW.principal_org_id, m.id, NEW.distributor_org_id, m.now_in, CASE WHEN m.now_in THEN NULL ELSE leaving END, m.position
    FROM (
      SELECT d.id, pg_current_xact_id() AS position,
             is_connected AND d.type = ANY (NEW.document_types) AND (cardinality(NEW.integration_ids) = 0 OR d.integration_id = ANY (NEW.integration_ids)) AS now_in,
             was_connected AND d.type = ANY (OLD.document_types) AND (cardinality(OLD.integration_ids) = 0 OR d.integration_id = ANY (OLD.integration_ids)) AS was_in
        FROM documents d WHERE d.organization_id = NEW.distributor_org_id
      UNION ALL
      SELECT t.document_id, t.change_xid, false,
             was_connected AND t.type = ANY (OLD.document_types) AND (cardinality(OLD.integration_ids) = 0 OR t.integration_id = ANY (OLD.integration_ids))
        FROM document_tombstones t WHERE t.organization_id = NEW.distributor_org_id AND was_connected
    ) m
   WHERE m.now_in <> m.was_in
  ON CONFLICT (principal_org_id, document_id)
    DO UPDATE SET visible = excluded.visible, reason = excluded.reason, change_xid = excluded.change_xid;
  RETURN NULL;
END $$;
CREATE TRIGGER connections_document_scope AFTER INSERT OR UPDATE OF status, document_types, integration_ids ON "connections"
  FOR EACH ROW EXECUTE FUNCTION document_scope_capture();
