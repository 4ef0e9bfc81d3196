import {
  type B1Connection,
  type DocumentType,
  documentType as documentTypeEnum,
  type MasterDataKind,
  type SapFieldFound,
  type SapServiceReport,
  type SapServiceStatus,
  type SapTestResponse,
} from '@portal/contracts';
import { ConnectorError } from '../../connector-error';
import { type GeneratedTemplate, type MasterDataMapping, type MasterDataPage, type PullCursor, type PulledPage } from '../../source-connector';
import type { SapSourceConnector } from '../sap-connector';
import type { SapSettings } from '../sap-settings';
import { B1Client } from './b1-client';
import {
  advance,
  afterFilter,
  alreadySeen,
  type Boundary,
  decodeCursor,
  encodeCursor,
  type Position,
  sinceFilter,
  stampOf,
  stampOfDate,
  stampToDate,
} from './b1-cursor';
import { mapB1MasterData, pullB1MasterData } from './b1-master-data';
import { type B1DocumentModel, parseB1Metadata } from './b1-metadata';
import { ENTITY_SET_FIELD, generateB1Template } from './generate-templates';

/**
 * The entity sets each document type is read from. Sales returns come from
 * Returns and CreditNotes (A/R credit memos) together, in one pass.
 */
const B1_ENTITY_SETS: Record<DocumentType, readonly string[]> = {
  SALES_ORDER: ['Orders'],
  SALES_RETURN: ['Returns', 'CreditNotes'],
  SALES_INVOICE: ['Invoices'],
  PURCHASE_INVOICE: ['PurchaseInvoices'],
  PURCHASE_ORDER: ['PurchaseOrders'],
};
const ORDER_BY = '$orderby=UpdateDate,UpdateTime,DocEntry';

/**
 * Business One through its Service Layer (docs/product/sap-business-one.md):
 * a session per call of describe, test or pull, ended when the call ends;
 * incremental pulls by UpdateDate/UpdateTime, keyset-paged so a document
 * changed mid-pass cannot push another out of sight.
 */
export class B1Connector implements SapSourceConnector {
  readonly kind = 'SAP' as const;

  constructor(
    readonly connection: B1Connection,
    readonly settings: SapSettings,
  ) {}

  private documentTypes(): readonly DocumentType[] {
    return this.connection.documentTypes ?? documentTypeEnum.options;
  }

  async describe(): Promise<GeneratedTemplate[]> {
    const client = new B1Client(this.connection, this.settings);
    try {
      const models = parseB1Metadata(await client.getText('$metadata'));
      return this.documentTypes().map((type) => {
        const sets = B1_ENTITY_SETS[type];
        const model = sets.map((s) => models.get(s)).find((m) => m !== undefined);
        if (!model)
          throw new ConnectorError('SAP', { kind: 'unavailable', status: 404 }, `The Service Layer's $metadata has no entity set ${sets.join(' or ')}`);
        return generateB1Template(type, [...sets], model);
      });
    } finally {
      await client.logout();
    }
  }

  async test(): Promise<SapTestResponse> {
    const targets = this.documentTypes().flatMap((documentType) => B1_ENTITY_SETS[documentType].map((entitySet) => ({ documentType, entitySet })));
    const report = (t: (typeof targets)[number], status: SapServiceStatus, more: Partial<SapServiceReport> = {}): SapServiceReport => ({
      documentType: t.documentType,
      service: t.entitySet,
      entitySet: t.entitySet,
      status,
      httpStatus: null,
      error: null,
      fields: [],
      ...more,
    });
    const client = new B1Client(this.connection, this.settings);
    try {
      try {
        await client.login();
      } catch (err) {
        const failure = testFailure(err);
        return { ok: false, services: targets.map((t) => report(t, failure.status, failure)) };
      }
      let models: Map<string, B1DocumentModel> | null = null;
      let metadataFailure: ReturnType<typeof testFailure> | null = null;
      try {
        models = parseB1Metadata(await client.getText('$metadata'));
      } catch (err) {
        metadataFailure = testFailure(err);
      }
      const services: SapServiceReport[] = [];
      for (const t of targets) {
        try {
          await client.getPage(`${t.entitySet}?$top=1`, 1);
        } catch (err) {
          const failure = testFailure(err);
          services.push(report(t, failure.status, failure));
          continue;
        }
        const model = models?.get(t.entitySet);
        services.push(metadataFailure ? report(t, metadataFailure.status, metadataFailure) : report(t, 'REACHABLE', { fields: model ? fieldsOf(model) : [] }));
      }
      return { ok: services.every((s) => s.status === 'REACHABLE'), services };
    } finally {
      await client.logout();
    }
  }

  async *pull(documentType: DocumentType, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined> {
    const sets = B1_ENTITY_SETS[documentType];
    const state = decodeCursor(from.cursor);
    // Without a cursor of ours, everything at or before the stored watermark counts as delivered.
    const floor: Boundary | null = state ? state.floor : from.updatedSince ? { ...stampOfDate(from.updatedSince), seen: null } : null;
    const resumed = state?.pass && sets.includes(state.pass.set) ? state.pass : null;
    let newest: Boundary | null = resumed ? resumed.newest : floor;
    const client = new B1Client(this.connection, this.settings);
    try {
      for (let i = resumed ? sets.indexOf(resumed.set) : 0; i < sets.length; i++) {
        const set = sets[i]!;
        let after: Position | null = resumed && resumed.set === set ? resumed.after : null;
        for (;;) {
          // Each page continues after the last record read, never at the next link's $skip: a document changed
          // mid-pass moves to the end of the order and would shift an unread one behind an offset.
          const filter = after ? afterFilter(after) : floor ? sinceFilter(floor) : null;
          const page = await client.getPage(`${set}?${filter ? `$filter=${encodeURIComponent(filter)}&` : ''}${ORDER_BY}`, opts.pageSize);
          const records: Record<string, unknown>[] = [];
          for (const record of page.value) {
            const docEntry = record.DocEntry;
            const stamp = stampOf(record);
            if (typeof docEntry !== 'number' || !Number.isInteger(docEntry) || !stamp)
              throw new ConnectorError('SAP', { kind: 'malformed' }, `A ${set} document without DocEntry, UpdateDate or UpdateTime`);
            after = { ...stamp, docEntry };
            if (alreadySeen(floor, set, docEntry, stamp)) continue;
            newest = advance(newest, set, docEntry, stamp);
            records.push({ ...record, [ENTITY_SET_FIELD]: set });
          }
          // The next link says more is there; an empty page with one would never end.
          if (page.nextLink && page.value.length > 0) {
            if (records.length > 0) yield { records, next: { updatedSince: from.updatedSince, cursor: encodeCursor({ floor, pass: { set, after, newest } }) } };
            continue;
          }
          const nextSet = sets[i + 1];
          if (nextSet) {
            if (records.length > 0)
              yield { records, next: { updatedSince: from.updatedSince, cursor: encodeCursor({ floor, pass: { set: nextSet, after: null, newest } }) } };
            break;
          }
          // The pass is complete: the newest change is the watermark, and the documents changed in its second are
          // remembered, so the next pass neither repeats them nor misses another change in that same second.
          yield {
            records,
            next: newest ? { updatedSince: stampToDate(newest), cursor: encodeCursor({ floor: newest, pass: null }) } : { updatedSince: null, cursor: null },
          };
          return;
        }
      }
    } finally {
      await client.logout();
    }
  }

  /** Customers (BusinessPartners of CardType cCustomer) and Items, in one session per pull (`b1-master-data.ts`). */
  async *pullMasterData(kind: MasterDataKind, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<MasterDataPage, void, undefined> {
    const client = new B1Client(this.connection, this.settings);
    try {
      yield* pullB1MasterData(client, kind, from, opts.pageSize);
    } finally {
      await client.logout();
    }
  }

  mapMasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
    return mapB1MasterData(kind, record);
  }

  sourceIdOf(record: unknown): string | null {
    const r = record as Record<string, unknown> | null;
    const docEntry = r?.DocEntry;
    if (typeof docEntry !== 'number' && typeof docEntry !== 'string') return null;
    const set = r?.[ENTITY_SET_FIELD];
    return typeof set === 'string' ? `${set}:${docEntry}` : String(docEntry);
  }
}

/** The $metadata's properties as the connect form lists them (lines prefixed with their collection). */
function fieldsOf(model: B1DocumentModel): SapFieldFound[] {
  return [
    ...model.properties.map((p) => ({ name: p.name, label: null, edmType: p.edmType })),
    ...(model.lines?.properties ?? []).map((p) => ({ name: `${model.lines!.name}/${p.name}`, label: null, edmType: p.edmType })),
  ];
}

function testFailure(err: unknown): { status: SapServiceStatus; httpStatus: number | null; error: SapServiceReport['error'] } {
  if (!(err instanceof ConnectorError)) throw err;
  const error = err.sourceError;
  switch (err.fault.kind) {
    case 'credentials-rejected':
      return { status: 'CREDENTIALS_REFUSED', httpStatus: null, error };
    case 'malformed':
      return { status: 'MALFORMED', httpStatus: null, error };
    case 'rate-limited':
      return { status: 'UNREACHABLE', httpStatus: 429, error };
    case 'unavailable':
      return { status: err.fault.status === 404 ? 'SERVICE_MISSING' : 'UNREACHABLE', httpStatus: err.fault.status ?? null, error };
  }
}
