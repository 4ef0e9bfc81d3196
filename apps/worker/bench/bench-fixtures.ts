import { randomBytes } from 'node:crypto';
import { connectorSettings, DmsConnector, FROM_START, type GeneratedTemplate, sapConnector } from '@portal/connectors';
import { type CanonicalDocument, type DocumentType, type IntegrationKind, modelTemplateRules, type S4Connection, type SyncJobV1 } from '@portal/contracts';
import { compileTemplate } from '@portal/consolidation';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, type Prisma } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { MODEL_TYPES, type RunningSampleDms, type RunningSampleSap, startSampleDms, startSampleSap } from '@portal/testing';

/** The sample DMS tenant the benchmark reads; its AccessKey is `446-bench-key`. */
const TENANT = '446';
const PRINCIPAL_KEY = 'bench-key';
export const ACCESS_KEY = `${TENANT}-${PRINCIPAL_KEY}`;
/** The sample DMS's mean lines per document (1 + floor(r * (2 * avg - 1)) averages to avg). */
const AVG_LINES = 3;
const TYPES = 5;

export interface BenchDms {
  dms: RunningSampleDms;
  /** Lines the DMS serves over all five types (what a full sync must store). */
  lines: number;
  documents: number;
}

/** A sample DMS on a free port, sized so its five types together hold about `lines` lines. */
export async function startBenchDms(lines: number, seed: number): Promise<BenchDms> {
  const docsPerType = Math.max(1, Math.round(lines / (TYPES * AVG_LINES)));
  const dms = await startSampleDms({ port: 0, seed, docsPerType, avgLinesPerDoc: AVG_LINES, tenants: `${TENANT}:${PRINCIPAL_KEY}`, control: false });
  const served = MODEL_TYPES.reduce((sum, t) => sum + dms.control.countLines(TENANT, t), 0);
  return { dms, lines: served, documents: docsPerType * TYPES };
}

/** The sample SAP's S/4HANA tenant the benchmark reads (client 100, Basic). */
const SAP_CLIENT = '100';
/** The sample SAP's mean items per document (1–4). */
const SAP_AVG_ITEMS = 2.5;
const SAP_HEADER_SETS = ['A_SalesOrder', 'A_CustomerReturn', 'A_BillingDocument', 'A_SupplierInvoice', 'A_PurchaseOrder'];
const SAP_ITEM_SETS = ['A_SalesOrderItem', 'A_CustomerReturnItem', 'A_BillingDocumentItem', 'A_SuplrInvcItemPurOrdRef', 'A_PurchaseOrderItem'];

export interface BenchSap {
  sap: RunningSampleSap;
  connection: S4Connection;
  lines: number;
  documents: number;
}

/** A sample SAP on a free port whose five S/4HANA document services together hold about `lines` items, paged as SAP caps them. */
export async function startBenchSap(lines: number, seed: number): Promise<BenchSap> {
  const docsPerType = Math.max(1, Math.round(lines / (TYPES * SAP_AVG_ITEMS)));
  const sap = await startSampleSap({ port: 0, seed, docsPerType, control: false });
  const sum = (sets: string[]) => sets.reduce((n, set) => n + sap.control.s4.count(SAP_CLIENT, set), 0);
  const connection: S4Connection = {
    product: 'S4HANA',
    baseUrl: sap.url,
    sapClient: SAP_CLIENT,
    auth: { type: 'BASIC', username: `PORTAL_COMM_${SAP_CLIENT}`, password: `Sap#Demo${SAP_CLIENT}` },
  };
  return { sap, connection, lines: sum(SAP_ITEM_SETS), documents: sum(SAP_HEADER_SETS) };
}

/** What a bench tenant's integration pulls from: the sample DMS (by URL) or an SAP connection. */
export type BenchSource = { kind: 'DMS'; dmsUrl: string } | { kind: 'SAP'; connection: S4Connection };

export interface BenchTenant {
  db: TestDatabase;
  organizationId: string;
  integrationId: string;
  /** One queued full-backfill sync job per document type, as the API would enqueue them. */
  jobs: SyncJobV1[];
  templates: { documentType: DocumentType; version: number; apply: ReturnType<typeof compileTemplate> }[];
  encryptionKeys: string;
}

/**
 * A fresh database with one distributor whose DMS integration is ACTIVE, as
 * the admin's activation leaves it: the AccessKey encrypted and bound to the
 * integration, one model template per type generated from the DMS's own
 * catalogue, and a queued full sync run per type.
 */
export async function createBenchTenant(label: string, source: BenchSource): Promise<BenchTenant> {
  const db = await createTestDatabase(`bench_${label}`);
  const encryptionKeys = `bench:${randomBytes(32).toString('base64')}`;
  const secrets = SecretBox.fromConfig(encryptionKeys);
  // Setup only, as the owner: the measured writes all run as the app role under RLS.
  const owner = createPrismaClient(db.ownerUrl, { poolMax: 2 });
  try {
    const org = await owner.organization.create({ data: { kind: 'DISTRIBUTOR', name: `Bench distributor ${label}` } });
    const kind: IntegrationKind = source.kind;
    const integration = await owner.integration.create({
      data: { organizationId: org.id, kind, name: `Bench ${kind}`, state: 'ACTIVE', ...(source.kind === 'DMS' ? { dmsTenantId: TENANT } : {}) },
    });
    const secret = source.kind === 'DMS' ? ACCESS_KEY : JSON.stringify(source.connection);
    await owner.integration.update({ where: { id: integration.id }, data: { secretCipher: secrets.encrypt(secret, integration.id) } });

    let generated: GeneratedTemplate[];
    if (source.kind === 'DMS') {
      generated = await new DmsConnector(ACCESS_KEY, benchSettings(source.dmsUrl).DMS).describe();
      const incomplete = generated.filter((g) => g.missing.length > 0);
      if (incomplete.length > 0) throw new Error(`generated templates are incomplete: ${JSON.stringify(incomplete.map((g) => [g.documentType, g.missing]))}`);
    } else {
      // SAP templates list what SAP does not carry (tax on sales orders…) as missing: they are complete as generated.
      generated = await sapConnector(source.connection, benchSettings('http://127.0.0.1:1').SAP).describe();
      if (generated.length !== TYPES) throw new Error(`the sample SAP offered ${generated.length} document types, not ${TYPES}`);
    }
    await owner.modelTemplate.createMany({
      data: generated.map((g) => ({
        organizationId: org.id,
        integrationId: integration.id,
        documentType: g.documentType,
        sourceModel: g.sourceModel,
        version: 1,
        isCurrent: true,
        rules: g.rules as unknown as Prisma.InputJsonValue,
        unmappedFields: g.unmappedFields,
        fieldLabels: g.fieldLabels,
      })),
    });
    const jobs: SyncJobV1[] = [];
    for (const g of generated) {
      const run = await owner.syncRun.create({
        data: { organizationId: org.id, integrationId: integration.id, documentType: g.documentType, trigger: 'BACKFILL', status: 'QUEUED' },
      });
      jobs.push({ v: 1, organizationId: org.id, integrationId: integration.id, documentType: g.documentType, syncRunId: run.id, mode: 'full' });
    }
    const templates = generated.map((g) => ({ documentType: g.documentType, version: 1, apply: compileTemplate(modelTemplateRules.parse(g.rules)) }));
    return { db, organizationId: org.id, integrationId: integration.id, jobs, templates, encryptionKeys };
  } finally {
    await owner.$disconnect();
  }
}

/** Every page of one type from the DMS, through the tenant's template: valid documents only. */
export async function* canonicalPages(
  dmsUrl: string,
  tenant: BenchTenant,
  pageSize: number,
): AsyncGenerator<{ type: DocumentType; version: number; docs: CanonicalDocument[] }> {
  const source = new DmsConnector(ACCESS_KEY, benchSettings(dmsUrl).DMS);
  for (const t of tenant.templates) {
    for await (const page of source.pull(t.documentType, FROM_START, { pageSize })) {
      const docs: CanonicalDocument[] = [];
      for (const record of page.records) {
        const result = t.apply(record);
        if (!result.ok) throw new Error(`bench record did not pass its template: ${result.reason}`);
        docs.push(result.document);
      }
      yield { type: t.documentType, version: t.version, docs };
    }
  }
}

/** The connectors' settings the benchmark runs with (the sample servers are local). */
export const benchSettings = (dmsUrl: string) => connectorSettings({ DMS_BASE_URL: dmsUrl, OUTBOUND_ALLOW_PRIVATE: true, SAP_PURCHASE_INVOICE_WINDOW_DAYS: 7 });

export interface StoredCounts {
  documents: number;
  lines: number;
  /** Sum of every line amount: the same source data must give the same sum whichever path wrote it. */
  lineAmount: string;
}

/** What ended up in the tenant's tables. */
export async function storedCounts(tenant: BenchTenant): Promise<StoredCounts> {
  const owner = createPrismaClient(tenant.db.ownerUrl, { poolMax: 1 });
  try {
    const [row] = await owner.$queryRawUnsafe<{ documents: bigint; lines: bigint; amount: string | null }[]>(
      `select (select count(*) from documents) as documents, count(*) as lines, sum(amount)::text as amount from document_lines`,
    );
    return { documents: Number(row?.documents ?? 0), lines: Number(row?.lines ?? 0), lineAmount: row?.amount ?? '0' };
  } finally {
    await owner.$disconnect();
  }
}
