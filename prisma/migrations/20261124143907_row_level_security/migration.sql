-- Row-level security for every tenant table.
--
-- The API and the worker connect as an application role that owns nothing
-- and has no BYPASSRLS; every request and job runs in a transaction that
-- first does set_config('app.org_id', <caller's organisation>, true).
-- Settings are transaction-local, so they can never leak to the next user
-- of a pooled connection. Policies read them through a scalar sub-select so
-- PostgreSQL evaluates them once per query, not once per row.
--
-- Paths, each explicit:
--   app.org_id            an organisation sees and changes its own rows
--   app.platform_admin    platform admins (TenantDb.runAsPlatformAdmin, audited)
--   app.login_email       login reads exactly one user row by email
--   app.api_key_prefix    ingestion reads exactly one API key by prefix
--   app.invite_token_hash an invite link reads its own invite row
--   app.outbox_relay      the worker's outbox relay reads undispatched events
--   connection scope      a principal reads a CONNECTED distributor's documents

ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
ALTER TABLE "integrations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "integrations" FORCE ROW LEVEL SECURITY;
ALTER TABLE "model_templates" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model_templates" FORCE ROW LEVEL SECURITY;
ALTER TABLE "sync_cursors" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sync_cursors" FORCE ROW LEVEL SECURITY;
ALTER TABLE "sync_runs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sync_runs" FORCE ROW LEVEL SECURITY;
ALTER TABLE "quarantined_records" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "quarantined_records" FORCE ROW LEVEL SECURITY;
ALTER TABLE "documents" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "documents" FORCE ROW LEVEL SECURITY;
ALTER TABLE "document_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "document_lines" FORCE ROW LEVEL SECURITY;
ALTER TABLE "connection_invites" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "connection_invites" FORCE ROW LEVEL SECURITY;
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
ALTER TABLE "audit_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;
ALTER TABLE "outbox_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox_events" FORCE ROW LEVEL SECURITY;
ALTER TABLE "connections" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "connections" FORCE ROW LEVEL SECURITY;

-- Own rows, and the audited platform-admin path.
CREATE POLICY tenant_isolation ON "organizations"
  USING (id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "users"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "memberships"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "integrations"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "model_templates"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "sync_cursors"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "sync_runs"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "quarantined_records"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "documents"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "document_lines"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "connection_invites"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "api_keys"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "audit_events"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_isolation ON "outbox_events"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
-- A connection belongs to both of its sides.
CREATE POLICY tenant_isolation ON "connections"
  USING (principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR distributor_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR distributor_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- Login: before the organisation is known, exactly the row with this email.
CREATE POLICY login_lookup ON "users" FOR SELECT
  USING (email = (select current_setting('app.login_email', true)));

-- External ingestion: exactly the API key with this public prefix.
CREATE POLICY api_key_lookup ON "api_keys" FOR SELECT
  USING (prefix = (select current_setting('app.api_key_prefix', true)));

-- Invite links: the invite whose token hash is presented (read, and the one
-- conditional UPDATE that accepts or declines it), and its principal's name.
CREATE POLICY invite_lookup ON "connection_invites" FOR SELECT
  USING (token_hash = (select current_setting('app.invite_token_hash', true)));
CREATE POLICY invite_answer ON "connection_invites" FOR UPDATE
  USING (token_hash = (select current_setting('app.invite_token_hash', true)))
  WITH CHECK (token_hash = (select current_setting('app.invite_token_hash', true)));
CREATE POLICY invite_principal ON "organizations" FOR SELECT
  USING (id IN (SELECT organization_id FROM connection_invites
                 WHERE token_hash = (select current_setting('app.invite_token_hash', true))));

-- Outbox relay (worker): pending events of every organisation, nothing else.
CREATE POLICY outbox_relay ON "outbox_events"
  USING ((select current_setting('app.outbox_relay', true)) = 'on')
  WITH CHECK ((select current_setting('app.outbox_relay', true)) = 'on');

-- ---------------------------------------------------------------------------
-- Connection scope: a principal reads (never writes) a distributor's
-- documents while a CONNECTED connection grants it, only of the consented
-- types and only from the chosen integrations (none chosen = all). Revoking
-- the connection removes access on the very next query.
-- ---------------------------------------------------------------------------
CREATE POLICY connection_scope ON "documents" FOR SELECT
  USING (EXISTS (
    SELECT 1 FROM connections c
     WHERE c.principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid)
       AND c.distributor_org_id = documents.organization_id
       AND c.status = 'CONNECTED'
       AND documents.type = ANY (c.document_types)
       AND (cardinality(c.integration_ids) = 0 OR documents.integration_id = ANY (c.integration_ids))));

CREATE POLICY connection_scope ON "document_lines" FOR SELECT
  USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_lines.document_id));

-- Principals see the names of the distributors connected to them (and vice versa).
CREATE POLICY connection_party ON "organizations" FOR SELECT
  USING (EXISTS (
    SELECT 1 FROM connections c
     WHERE (c.principal_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) AND c.distributor_org_id = organizations.id)
        OR (c.distributor_org_id = (select nullif(current_setting('app.org_id', true), '')::uuid) AND c.principal_org_id = organizations.id)));

-- ---------------------------------------------------------------------------
-- Constraints Prisma's schema language cannot express.
-- ---------------------------------------------------------------------------
-- At most one DMS integration per distributor (SPEC 2).
CREATE UNIQUE INDEX integrations_one_dms_per_org ON "integrations" (organization_id) WHERE kind = 'DMS';
-- One sync per integration and document type at a time.
CREATE UNIQUE INDEX sync_runs_one_active ON "sync_runs" (integration_id, document_type) WHERE status IN ('QUEUED', 'RUNNING');
-- The principal's connection-scope lookup.
CREATE INDEX connections_principal_scope ON "connections" (principal_org_id, distributor_org_id) WHERE status = 'CONNECTED';

