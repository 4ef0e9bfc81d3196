import {
  type DocumentType,
  documentType as documentTypeEnum,
  type MasterDataKind,
  type S4Connection,
  type SapFieldFound,
  type SapServiceReport,
  type SapTestResponse,
} from '@portal/contracts';
import { ConnectorError } from '../../connector-error';
import { OutboundNetworkError } from '../../outbound/outbound-request';
import { type GeneratedTemplate, type MasterDataMapping, type MasterDataPage, type PullCursor, type PulledPage } from '../../source-connector';
import { EdmxError, type EdmxModel, entityTypeOfSet, parseEdmx } from '../odata/edmx';
import { dateLiteral, datetimeOffsetLiteral, sapErrorOf, stringLiteral, v2Instant, withoutV2Noise } from '../odata/v2-values';
import type { SapSourceConnector } from '../sap-connector';
import type { SapSettings } from '../sap-settings';
import { generateTemplate, itemNavigationOf } from './generate-templates';
import { mapS4MasterData, pullS4MasterData } from './s4-master-data';
import { admit, cursorAfterPage, startPass, windowCursor, windowResume } from './s4-cursor';
import { collectionOf, errorOfAnswer, S4Http, TokenRefused } from './s4-http';
import { BUSINESS_PARTNER_SERVICE, keyOf, partyNameField, S4_SERVICES, type S4Service } from './s4-services';

/** SAP caps `$top` at 5,000 (KBA 3072317). */
const MAX_TOP = 5000;
/** Partner ids per `$filter=Customer eq 'a' or …` lookup: keeps the URL well under Gateway's length limits. */
const PARTNER_CHUNK = 40;
const DAY_MS = 86_400_000;

// Purchase invoices first: their two-part key would otherwise be mistaken for nothing, and no other header carries both parts.
const SOURCE_ID_ORDER: DocumentType[] = ['PURCHASE_INVOICE', 'SALES_INVOICE', 'SALES_RETURN', 'PURCHASE_ORDER', 'SALES_ORDER'];

type Rec = Record<string, unknown>;

/**
 * S/4HANA over OData V2 (docs/product/sap-s4hana-connector.md): one
 * connector per run, so the OAuth token and the partner names it looks up
 * are cached for that run only. Never writes: every call is a GET.
 */
export class S4Connector implements SapSourceConnector {
  readonly kind = 'SAP' as const;
  private readonly http: S4Http;
  /** Partner names by entity set and id; null = looked up, not found. */
  private readonly partyNames = new Map<string, Map<string, string | null>>();
  /** The business-partner service answered 403/404: names stay absent for this run. */
  private partnerServiceMissing = false;

  constructor(
    readonly connection: S4Connection,
    readonly settings: SapSettings,
  ) {
    this.http = new S4Http(connection, settings);
  }

  private services(): S4Service[] {
    return (this.connection.documentTypes ?? documentTypeEnum.options).map((t) => S4_SERVICES[t]);
  }

  async test(): Promise<SapTestResponse> {
    const services: SapServiceReport[] = [];
    let refused: TokenRefused | null = null;
    for (const s of this.services()) {
      const report = (status: SapServiceReport['status'], httpStatus: number | null, error: SapServiceReport['error'], fields: SapFieldFound[] = []) =>
        services.push({ documentType: s.documentType, service: s.service, entitySet: s.entitySet, status, httpStatus, error, fields });
      // A token endpoint that refused the client refuses it for every service: asked once.
      if (refused) {
        report(refused.fault.kind === 'credentials-rejected' ? 'CREDENTIALS_REFUSED' : 'UNREACHABLE', refused.httpStatus, refused.sourceError);
        continue;
      }
      let res;
      try {
        res = await this.http.get(this.http.url(s.service, '$metadata'), 'application/xml');
      } catch (err) {
        if (err instanceof TokenRefused) {
          refused = err;
          report(err.fault.kind === 'credentials-rejected' ? 'CREDENTIALS_REFUSED' : 'UNREACHABLE', err.httpStatus, err.sourceError);
          continue;
        }
        if (err instanceof OutboundNetworkError) {
          report('UNREACHABLE', null, null);
          continue;
        }
        throw err;
      }
      const error = sapErrorOf(res.body);
      if (res.status === 401 || res.status === 403) report('CREDENTIALS_REFUSED', res.status, error);
      else if (res.status === 404) report('SERVICE_MISSING', res.status, error);
      else if (res.status === 429 || res.status >= 500) report('UNREACHABLE', res.status, error);
      else if (res.status !== 200) report('MALFORMED', res.status, error);
      else {
        const fields = fieldsOf(s, res.body);
        if (fields === 'malformed') report('MALFORMED', res.status, null);
        else if (fields === 'no-entity-set') report('SERVICE_MISSING', res.status, null);
        else report('REACHABLE', null, null, fields);
      }
    }
    return { ok: services.every((r) => r.status === 'REACHABLE'), services };
  }

  async describe(): Promise<GeneratedTemplate[]> {
    const out: GeneratedTemplate[] = [];
    for (const s of this.services()) {
      const model = await this.metadata(s);
      const template = model && generateTemplate(s, model);
      if (template) out.push(template);
    }
    return out;
  }

  /** The service's parsed `$metadata`; null when the system does not have the service (404). */
  private async metadata(s: S4Service): Promise<EdmxModel | null> {
    const where = `${s.service}/$metadata`;
    const res = await this.http.mapped(() => this.http.get(this.http.url(s.service, '$metadata'), 'application/xml'), where);
    if (res.status === 404) return null;
    if (res.status !== 200) throw errorOfAnswer(res, where);
    try {
      return parseEdmx(res.body);
    } catch (err) {
      if (err instanceof EdmxError) throw new ConnectorError('SAP', { kind: 'malformed' }, `SAP ${where}: ${err.message}`, { cause: err });
      throw err;
    }
  }

  async *pull(documentType: DocumentType, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined> {
    const s = S4_SERVICES[documentType];
    const top = Math.min(Math.max(1, Math.floor(opts.pageSize)), MAX_TOP);
    if (s.delta === 'postingWindow') yield* this.pullWindow(s, from, top);
    else yield* this.pullChanges(s, from, top);
  }

  /**
   * `LastChangeDateTime ge <watermark>` ordered by it and the key, following
   * `__next` to the end. A page that fills `$top` without a `__next` (a server
   * that reads `$top` as the whole result's size) continues with a new pass
   * from the watermark, so nothing depends on how the server pages.
   */
  private async *pullChanges(s: S4Service, from: PullCursor, top: number): AsyncGenerator<PulledPage, void, undefined> {
    const where = `${s.service}/${s.entitySet}`;
    let cursor = from;
    for (;;) {
      const pass = startPass(cursor);
      let url = pass.next
        ? this.http.nextUrl(s.service, pass.next)
        : this.http.url(s.service, s.entitySet, {
            ...(pass.since ? { $filter: `LastChangeDateTime ge ${datetimeOffsetLiteral(pass.since)}` } : {}),
            $orderby: ['LastChangeDateTime', ...s.keys].map((k) => `${k} asc`).join(','),
            $expand: s.itemNav,
            $top: String(top),
          });
      for (;;) {
        const page = await this.http.collection(url, where);
        const records: Rec[] = [];
        for (const raw of page.results) {
          const record = withoutV2Noise(raw) as Rec;
          if (admit(pass, keyOf(s, record), v2Instant(record?.LastChangeDateTime))) records.push(record);
        }
        await this.addPartyNames(s, records);
        const next = cursorAfterPage(pass, page.next);
        yield { records, next };
        if (page.next) {
          url = this.http.nextUrl(s.service, page.next);
          continue;
        }
        // Nothing new on a full page means every row sat on the watermark already: continuing would ask for the same rows again.
        if (page.results.length < top || records.length === 0) return;
        cursor = next;
        break;
      }
    }
  }

  /**
   * Purchase invoices carry no change timestamp: every run re-reads the
   * trailing `PostingDate` window (the whole set on the first pass), ordered
   * by the key; upserts make the overlap harmless.
   */
  private async *pullWindow(s: S4Service, from: PullCursor, top: number): AsyncGenerator<PulledPage, void, undefined> {
    const where = `${s.service}/${s.entitySet}`;
    const now = (this.settings.now ?? (() => new Date()))();
    const query = (skip: number) =>
      this.http.url(s.service, s.entitySet, {
        ...(from.updatedSince ? { $filter: `PostingDate ge ${dateLiteral(new Date(now.getTime() - this.settings.purchaseInvoiceWindowDays * DAY_MS))}` } : {}),
        $orderby: s.keys.map((k) => `${k} asc`).join(','),
        $expand: s.itemNav,
        $top: String(top),
        ...(skip > 0 ? { $skip: String(skip) } : {}),
      });
    const resume = windowResume(from);
    let url = resume ? this.http.nextUrl(s.service, resume) : query(0);
    // Resuming a pass we were continuing by `$skip` (the server read `$top` as the result's size): go on counting from there.
    const resumedSkip = resume === null ? 0 : skipOf(url);
    let read = resumedSkip ?? 0;
    for (;;) {
      const page = await this.http.collection(url, where);
      read += page.results.length;
      const records = page.results.map((r) => withoutV2Noise(r) as Rec);
      await this.addPartyNames(s, records);
      // A full page without `__next`: the server read `$top` as the result's size, so the rest is asked for by `$skip`.
      const next = page.next ?? (page.results.length === top && resumedSkip !== null ? query(read).toString() : null);
      yield { records, next: windowCursor(from, next, now) };
      if (!next) return;
      url = this.http.nextUrl(s.service, next);
    }
  }

  /** Adds the partner's name (`CustomerName`/`SupplierName`) to each header, looked up in batches and cached for the run. */
  private async addPartyNames(s: S4Service, records: Rec[]): Promise<void> {
    const set = s.party.partnerSet;
    const idField = set === 'A_Customer' ? 'Customer' : 'Supplier';
    const nameField = partyNameField(s);
    const cache = this.partyNames.get(set) ?? new Map<string, string | null>();
    this.partyNames.set(set, cache);
    const codeOf = (r: Rec) => (typeof r?.[s.party.field] === 'string' && r[s.party.field] !== '' ? (r[s.party.field] as string) : null);
    const wanted = [...new Set(records.map(codeOf).filter((c): c is string => c !== null && !cache.has(c)))];
    for (let i = 0; i < wanted.length && !this.partnerServiceMissing; i += PARTNER_CHUNK) {
      const chunk = wanted.slice(i, i + PARTNER_CHUNK);
      const where = `${BUSINESS_PARTNER_SERVICE}/${set}`;
      let url: URL | null = this.http.url(BUSINESS_PARTNER_SERVICE, set, {
        $filter: chunk.map((c) => `${idField} eq ${stringLiteral(c)}`).join(' or '),
        $select: `${idField},${nameField}`,
      });
      while (url) {
        const res = await this.http.mapped(() => this.http.get(url!), where);
        // A system without the partner service (or without access to it) still syncs its documents, without names.
        if (res.status === 403 || res.status === 404) {
          this.partnerServiceMissing = true;
          break;
        }
        const page = collectionOf(res, where);
        for (const p of page.results as Rec[]) {
          if (typeof p?.[idField] === 'string' && typeof p[nameField] === 'string') cache.set(p[idField], p[nameField]);
        }
        url = page.next ? this.http.nextUrl(BUSINESS_PARTNER_SERVICE, page.next) : null;
      }
      for (const c of chunk) if (!cache.has(c) && !this.partnerServiceMissing) cache.set(c, null);
    }
    for (const r of records) {
      const code = codeOf(r);
      const name = code ? cache.get(code) : null;
      if (name) r[nameField] = name;
    }
  }

  /** Customers (business partners that are customers) and products, paged like the documents (`s4-master-data.ts`). */
  pullMasterData(kind: MasterDataKind, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<MasterDataPage, void, undefined> {
    return pullS4MasterData(this.http, kind, from, Math.min(Math.max(1, Math.floor(opts.pageSize)), MAX_TOP));
  }

  mapMasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
    return mapS4MasterData(kind, record);
  }

  sourceIdOf(record: unknown): string | null {
    for (const t of SOURCE_ID_ORDER) {
      const id = keyOf(S4_SERVICES[t], record);
      if (id) return id;
    }
    return null;
  }
}

/** The header's fields and the item type's (`to_Item/Material`) as the test report lists them. */
function fieldsOf(s: S4Service, xml: string): SapFieldFound[] | 'malformed' | 'no-entity-set' {
  let model: EdmxModel;
  try {
    model = parseEdmx(xml);
  } catch {
    return 'malformed';
  }
  const header = entityTypeOfSet(model, s.entitySet);
  if (!header) return 'no-entity-set';
  const item = itemNavigationOf(s, model, header);
  return [
    ...header.properties.map((p) => ({ name: p.name, label: p.label, edmType: p.type })),
    ...(item?.type.properties.map((p) => ({ name: `${item.name}/${p.name}`, label: p.label, edmType: p.type })) ?? []),
  ];
}

/** The `$skip` of a stored continuation we built ourselves; null for a server's own `__next` (its `$skiptoken` is opaque). */
function skipOf(url: URL): number | null {
  const skip = url.searchParams.get('$skip');
  return skip !== null && /^\d+$/.test(skip) && !url.searchParams.has('$skiptoken') ? Number(skip) : null;
}
