-- Master data screens (issue 13) name each row's integration, for a principal too: the connected
-- distributors' integrations its grants reach. `integrations` itself stays the owner's only (it holds
-- sealed credentials); this function answers id, organisation, name and kind of the integrations
-- the caller may name, and nothing else: its own, and for a principal those that
-- `connection_grants()` names (all of a distributor's when a connection names none).
-- SECURITY DEFINER so it reads past tenant_isolation; the grants still come from the caller's app.org_id.
CREATE FUNCTION visible_integrations() RETURNS TABLE (id uuid, organization_id uuid, name text, kind "IntegrationKind")
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT i.id, i.organization_id, i.name, i.kind
    FROM integrations i
   WHERE i.organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid)
      OR i.organization_id IN (SELECT g.organization_id FROM connection_grants() g WHERE g.integration_id IS NULL)
      OR (i.organization_id, i.id) IN (SELECT g.organization_id, g.integration_id FROM connection_grants() g WHERE g.integration_id IS NOT NULL)
$$;

-- When the owner is not a superuser, FORCE ROW LEVEL SECURITY applies to it too: let the function
-- (running as the owner) read the rows it filters itself. The application role is never the owner.
CREATE POLICY visible_integrations_definer ON "integrations" FOR SELECT TO CURRENT_USER USING (true);
