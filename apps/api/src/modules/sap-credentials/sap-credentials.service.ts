import { Injectable } from '@nestjs/common';
import { type CreateIntegrationResponse, type Integration, type SapConnection, type SapSettings, sapSettingsOf, type SapTestResponse } from '@portal/contracts';
import type { GeneratedTemplate } from '@portal/connectors';
import { SecretBox } from '@portal/crypto';
import { type OrgTx, TenantDb } from '@portal/db';
import { type PlannedSyncRuns, sealIntegrationSecret } from '@portal/domain';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { EventOutbox } from '../events/event-outbox';
import { IntegrationsService } from '../integrations/integrations.service';
import { ModelTemplatesService } from '../model-templates/model-templates.service';
import { SyncRunsService } from '../sync-runs/sync-runs.service';
import { SapProbe } from './sap-probe';
import { SapTestRateLimit } from './sap-test-rate-limit';

/**
 * An SAP integration's credentials, start to end (SPEC 5b): the connect
 * form's test, creation once the test passes (the connection sealed as the
 * integration's secret, the templates generated from that SAP's own metadata
 * and the first sync, in one transaction) and re-authentication. The SAP is
 * only ever called outside transactions, and every call is counted against
 * the organisation's allowance.
 */
@Injectable()
export class SapCredentialsService {
  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly templates: ModelTemplatesService,
    private readonly syncRuns: SyncRunsService,
    private readonly audit: AuditService,
    private readonly events: EventOutbox,
    private readonly secrets: SecretBox,
    private readonly probe: SapProbe,
    private readonly rateLimit: SapTestRateLimit,
  ) {}

  /** `POST /api/integrations/sap/test`: what each service answered; nothing is stored. */
  async test(caller: Caller, connection: SapConnection): Promise<SapTestResponse> {
    await this.rateLimit.count(caller.organization.id);
    return this.probe.test(connection);
  }

  /**
   * `POST /api/integrations` with `kind: "SAP"`: the test must pass, then in
   * one transaction the ACTIVE integration with its sealed connection and
   * settings, its generated templates and the first sync's runs (outbox
   * rows); the jobs are added after commit. A failed test stores nothing.
   */
  async connect(caller: Caller, body: { name?: string | undefined; sap: SapConnection }): Promise<CreateIntegrationResponse> {
    await this.rateLimit.count(caller.organization.id);
    const generated = await this.probe.verify(body.sap);
    const settings = sapSettingsOf(body.sap);
    const { integration, planned } = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const integration = await this.integrations.createSap(tx, caller, {
        name: body.name,
        settings,
        // Bound to the new row: the ciphertext is useless on another integration.
        seal: (id) => this.seal(body.sap, id),
      });
      const owner = { id: integration.id, organizationId: caller.organization.id };
      await this.templates.storeGenerated(tx, owner, generated, caller.user.id);
      const planned = await this.planFirstSync(tx, owner, generated);
      await this.audit.recordBy(tx, caller, {
        action: 'integration.sap_connected',
        targetType: 'integration',
        targetId: integration.id,
        metadata: auditedSettings(settings),
      });
      return { integration, planned };
    });
    await this.syncRuns.dispatch(planned);
    return integration;
  }

  /**
   * `PUT /api/integrations/:id/sap-credentials`: the same test, then the new
   * connection re-sealed and its settings stored; one parked because SAP
   * rejected the old credentials is ACTIVE again (its schedule comes back
   * with the worker's next reconcile). Templates stay as they are (edits
   * included); only document types newly asked for get generated ones and a
   * first sync. A failed test changes nothing.
   */
  async replaceCredentials(caller: Caller, id: string, connection: SapConnection): Promise<Integration> {
    const org = caller.organization.id;
    // 404 / 409 before anything is sent to the URL given.
    const templated = await this.db.runAsOrg(org, async (tx) => {
      await this.integrations.findSapForCredentials(tx, id);
      return this.templates.templatedTypes(tx, id);
    });
    await this.rateLimit.count(org);
    const settings = sapSettingsOf(connection);
    const wanted = settings.documentTypes.filter((t) => !templated.includes(t));
    const generated = await this.probe.verify(connection, wanted.length > 0);
    const { integration, planned, queued } = await this.db.runAsOrg(org, async (tx) => {
      const row = await this.integrations.findSapForCredentials(tx, id);
      const { integration, queued } = await this.integrations.replaceSapCredentials(
        tx,
        row,
        { settings, sealed: this.seal(connection, row.id) },
        caller.user.id,
      );
      // Read again inside the transaction: a type templated meanwhile keeps its template.
      const present = await this.templates.templatedTypes(tx, id);
      const added = generated.filter((t) => wanted.includes(t.documentType) && !present.includes(t.documentType));
      await this.templates.storeGenerated(tx, row, added, caller.user.id);
      const planned = integration.state === 'ACTIVE' ? await this.planFirstSync(tx, row, added) : null;
      await this.audit.recordBy(tx, caller, {
        action: 'integration.sap_credentials_replaced',
        targetType: 'integration',
        targetId: id,
        metadata: { ...auditedSettings(settings), fromState: row.state, toState: integration.state, templatesAdded: added.map((t) => t.documentType) },
      });
      return { integration, planned, queued };
    });
    if (planned) await this.syncRuns.dispatch(planned);
    await this.events.dispatch(org, queued);
    return integration;
  }

  /** The whole connection, secrets included, is the integration's secret: the worker's connector is built from it. */
  private seal(connection: SapConnection, integrationId: string): string {
    return sealIntegrationSecret(this.secrets, JSON.stringify(connection), integrationId);
  }

  private planFirstSync(tx: OrgTx, owner: { id: string; organizationId: string }, generated: GeneratedTemplate[]): Promise<PlannedSyncRuns> {
    return this.syncRuns.plan(tx, {
      organizationId: owner.organizationId,
      integrationId: owner.id,
      trigger: 'INITIAL',
      types: generated.map((t) => t.documentType),
      masterData: 'all',
    });
  }
}

/** What the history keeps of a connection: where it points and which account, never a secret. */
function auditedSettings(s: SapSettings) {
  return {
    product: s.product,
    baseUrl: s.baseUrl,
    sapClient: s.sapClient,
    companyDb: s.companyDb,
    authType: s.authType,
    principal: s.principal,
    documentTypes: s.documentTypes,
  };
}
