import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CREDENTIAL_TEXTS,
  type DocumentType,
  fieldLabelsOf,
  isPulledKind,
  type ModelTemplate,
  type ModelTemplateDetail,
  type ModelTemplateRules,
  modelTemplateRules,
  type PreviewTemplateBody,
  PULLED_KINDS,
  type SaveTemplateVersionBody,
  sourcePathsOf,
  type TemplateFieldLabels,
  type TemplatePreview,
} from '@portal/contracts';
import { ConnectorError, connectorFor, connectorSettings, type GeneratedTemplate, sampleRecords, type SourceConnector } from '@portal/connectors';
import { compileTemplate } from '@portal/consolidation';
import { SecretBox } from '@portal/crypto';
import { isUniqueViolation, type OrgTx, type Prisma, TenantDb } from '@portal/db';
import { openIntegrationSecret } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { ModelTemplatesRepository } from './model-templates.repository';

type TemplateRow = NonNullable<Awaited<ReturnType<ModelTemplatesRepository['findById']>>>;
const SOURCE_TIMEOUT_MS = 10_000;

@Injectable()
export class ModelTemplatesService {
  private readonly logger = new Logger(ModelTemplatesService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: ModelTemplatesRepository,
    private readonly integrations: IntegrationsService,
    private readonly auditLog: AuditService,
    private readonly secrets: SecretBox,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /**
   * Stores one generated template per document type as the next version and
   * makes it current. Runs inside the activation transaction of the caller.
   */
  async storeGenerated(tx: OrgTx, integration: { id: string; organizationId: string }, generated: GeneratedTemplate[], createdById?: string) {
    for (const t of generated) {
      await this.saveVersion(tx, integration, t.documentType, {
        sourceModel: t.sourceModel,
        rules: t.rules as unknown as Prisma.InputJsonValue,
        unmappedFields: t.unmappedFields,
        fieldLabels: t.fieldLabels,
        createdById: createdById ?? null,
      });
    }
  }

  async saveVersion(
    tx: OrgTx,
    integration: { id: string; organizationId: string },
    documentType: DocumentType,
    data: {
      sourceModel: string;
      rules: Prisma.InputJsonValue;
      unmappedFields: string[];
      fieldLabels: TemplateFieldLabels;
      createdById: string | null;
    },
  ) {
    const latest = await this.repo.latestVersion(tx, integration.id, documentType);
    await this.repo.retireCurrent(tx, integration.id, documentType);
    return this.repo.insert(tx, {
      organizationId: integration.organizationId,
      integrationId: integration.id,
      documentType,
      version: (latest?.version ?? 0) + 1,
      isCurrent: true,
      ...data,
    });
  }

  current(tx: OrgTx, integrationId: string) {
    return this.repo.currentFor(tx, integrationId);
  }

  /** The document types the integration has a template for: the ones a sync can pull (an SAP integration may pull only some). */
  async templatedTypes(tx: OrgTx, integrationId: string): Promise<DocumentType[]> {
    return (await this.repo.currentFor(tx, integrationId)).map((t) => t.documentType);
  }

  /** `GET /api/integrations/:id/model-templates`: the current version per document type. */
  async listCurrent(caller: Caller, integrationId: string): Promise<{ data: ModelTemplate[] }> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.integrations.findOwn(tx, integrationId);
      const rows = await this.repo.currentFor(tx, integrationId);
      return {
        data: rows.map((t) => ({ ...summaryOf(t), rules: t.rules })),
      };
    });
  }

  async get(caller: Caller, id: string): Promise<ModelTemplateDetail> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => this.detail(tx, await this.mustFind(tx, id)));
  }

  /**
   * Saves edited rules as the next version of the template's document type;
   * it becomes current and earlier versions stay. An edit started from an
   * older version than the latest is refused, so nobody overwrites a
   * colleague's save unknowingly. Rules identical to the current version's
   * make no version (`created: false`): a version number always means a change.
   */
  async saveEdited(caller: Caller, id: string, body: SaveTemplateVersionBody): Promise<{ created: boolean; template: ModelTemplateDetail }> {
    try {
      return await this.db.runAsOrg(caller.organization.id, async (tx) => {
        const base = await this.mustFind(tx, id);
        assertSameModel(base, body.rules);
        const latest = await this.repo.latestVersion(tx, base.integrationId, base.documentType);
        if (latest && latest.version !== body.basedOnVersion) {
          throw AppError.conflict('CONFLICT', `The template was changed meanwhile (now version ${latest.version}); reload it and edit again`);
        }
        // Stored rules went through jsonb (key order not kept): compared as values, after the same defaults.
        const current = await this.repo.currentOf(tx, base.integrationId, base.documentType);
        if (current && isDeepStrictEqual(modelTemplateRules.parse(current.rules), body.rules)) {
          return { created: false, template: await this.detail(tx, current) };
        }
        // Every source field the DMS offers is either mapped by the rules or listed as unmapped: recompute after the edit.
        const nowMapped = mappedFields(body.rules);
        const known = [...new Set([...unmapped(base.unmappedFields), ...mappedFields(modelTemplateRules.parse(base.rules))])];
        const stillUnmapped = known.filter((f) => !nowMapped.has(f));
        const saved = await this.saveVersion(tx, { id: base.integrationId, organizationId: base.organizationId }, base.documentType, {
          sourceModel: base.sourceModel,
          rules: body.rules as unknown as Prisma.InputJsonValue,
          unmappedFields: stillUnmapped,
          // The source's labels do not change with an edit: a path mapped again shows its label again.
          fieldLabels: fieldLabelsOf(base.fieldLabels),
          createdById: caller.user.id,
        });
        await this.auditLog.recordBy(tx, caller, {
          action: 'model_template.version_saved',
          targetType: 'model_template',
          targetId: saved.id,
          metadata: { integrationId: base.integrationId, documentType: base.documentType, version: saved.version, basedOn: base.version },
        });
        return { created: true, template: await this.detail(tx, saved) };
      });
    } catch (err) {
      // (integration, type, version) is unique: two saves racing from the same version.
      if (isUniqueViolation(err, 'model_templates_integration_id_document_type_version_key')) {
        throw AppError.conflict('CONFLICT', 'Someone saved this template at the same moment; reload it and edit again');
      }
      throw err;
    }
  }

  /**
   * Applies the given (unsaved) rules to the first records the source
   * returns for the template's document type, fetched live through its
   * connector with the integration's sealed secret.
   * Every record answers with its canonical document or why it would be
   * quarantined; nothing is stored.
   */
  async preview(caller: Caller, id: string, body: PreviewTemplateBody): Promise<TemplatePreview> {
    const { template, connector } = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const template = await this.mustFind(tx, id);
      assertSameModel(template, body.rules);
      return { template, connector: await this.connectorFor(tx, template.integrationId) };
    });
    const records = await this.sample(connector, template.documentType, body.limit);
    const apply = compileTemplate(body.rules);
    const results = records.map((source) => {
      const sourceId = connector.sourceIdOf(source);
      const r = apply(source);
      return r.ok ? { ok: true as const, sourceId, source, document: r.document } : { ok: false as const, sourceId, source, reason: r.reason };
    });
    const mapped = results.filter((r) => r.ok).length;
    return { sourceModel: template.sourceModel, mapped, failed: results.length - mapped, results };
  }

  private async sample(connector: SourceConnector, documentType: DocumentType, limit: number): Promise<unknown[]> {
    try {
      return await sampleRecords(connector, documentType, limit);
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'credentials-rejected') {
        throw new AppError(422, 'ACCESS_KEY_REJECTED', `The ${err.source} rejected the stored credentials; ${CREDENTIAL_TEXTS[err.source].remedy}`);
      }
      this.logger.warn({ err, source: connector.kind, documentType }, 'could not fetch preview records from the source');
      throw new AppError(424, 'DMS_UNREACHABLE', `Could not fetch sample records from the ${connector.kind} (${(err as Error).message})`);
    }
  }

  /**
   * The source connector of one of the caller's integrations, bound to its
   * sealed secret (a DMS AccessKey, an SAP connection). No request is made here: the caller talks to the source
   * after its transaction, so a slow source never holds a database connection.
   */
  private async connectorFor(tx: OrgTx, integrationId: string): Promise<SourceConnector> {
    const row = await this.integrations.findOwn(tx, integrationId);
    if (!isPulledKind(row.kind)) throw new AppError(409, 'INVALID_STATE', `Only ${PULLED_KINDS.join(', ')} integrations have records to sample`);
    if (!row.secretCipher || row.state === 'AWAITING_ACCESS_KEY') {
      throw new AppError(409, 'INVALID_STATE', 'The integration has no AccessKey yet; a platform admin must set it first');
    }
    const secret = openIntegrationSecret(this.secrets, row.secretCipher, row.id);
    return connectorFor(row.kind, secret, connectorSettings(this.env, SOURCE_TIMEOUT_MS));
  }

  /** One of the caller's templates (RLS hides the rest): 404 when it is not theirs. */
  findOwn(tx: OrgTx, id: string): Promise<TemplateRow> {
    return this.mustFind(tx, id);
  }

  private async mustFind(tx: OrgTx, id: string): Promise<TemplateRow> {
    const row = await this.repo.findById(tx, id);
    if (!row) throw AppError.notFound('Model template');
    return row;
  }

  private async detail(tx: OrgTx, t: TemplateRow): Promise<ModelTemplateDetail> {
    const versions = await this.repo.versionsOf(tx, t.integrationId, t.documentType);
    return {
      ...summaryOf(t),
      // Stored rules were validated when saved; parsing again fills defaults.
      rules: modelTemplateRules.parse(t.rules),
      versions: versions.map((v) => ({ id: v.id, version: v.version, isCurrent: v.isCurrent, createdAt: v.createdAt.toISOString() })),
    };
  }
}

function summaryOf(t: TemplateRow) {
  return {
    id: t.id,
    integrationId: t.integrationId,
    documentType: t.documentType,
    sourceModel: t.sourceModel,
    version: t.version,
    isCurrent: t.isCurrent,
    unmappedFields: unmapped(t.unmappedFields),
    fieldLabels: fieldLabelsOf(t.fieldLabels),
    createdAt: t.createdAt.toISOString(),
  };
}

function assertSameModel(template: TemplateRow, rules: ModelTemplateRules) {
  if (rules.documentType !== template.documentType || rules.sourceModel !== template.sourceModel) {
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      `These rules are for ${rules.documentType} (${rules.sourceModel}); the template maps ${template.documentType} (${template.sourceModel})`,
      [{ path: 'body.rules.documentType', code: 'custom', message: 'must match the template' }],
    );
  }
}

function unmapped(json: Prisma.JsonValue): string[] {
  return Array.isArray(json) ? json.filter((f): f is string => typeof f === 'string') : [];
}

/** Source fields the rules read, named as unmappedFields names them (`total`, `detail.kode_gudang`). */
function mappedFields(rules: ModelTemplateRules): Set<string> {
  const field = (path: string) => path.replace(/^\$\./, '').replace(/\[\d+\]/g, '');
  const linesArray = field(rules.lines.sourcePath);
  const out = new Set<string>();
  for (const r of rules.header) for (const p of sourcePathsOf(r)) out.add(field(p));
  for (const r of rules.lines.rules) {
    for (const p of sourcePathsOf(r)) out.add(`${linesArray}.${field(p)}`);
    for (const t of r.transforms) {
      if (t.kind === 'unitToBase' && t.factorSource) out.add(`${linesArray}.${field(t.factorSource)}`);
    }
  }
  return out;
}
