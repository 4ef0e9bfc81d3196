import { DOCUMENT_TYPE_SLUG, type DocumentType, dmsCatalogue, MASTER_DATA_SLUG, type MasterDataKind } from '@portal/contracts';
import { DmsAuthError, DmsClient, DmsProtocolError, DmsRateLimitError, DmsUnavailableError } from '@portal/dms-client';
import { ConnectorError } from '../connector-error';
import type { GeneratedTemplate, MasterDataMapping, MasterDataPage, PullCursor, PulledPage, SourceConnector } from '../source-connector';
import { mapDmsMasterData } from './dms-master-data';
import { generateTemplates } from './generate-templates';

/** Where the DMS answers (DMS_BASE_URL) and how long one call may take. */
export interface DmsSettings {
  baseUrl: string;
  timeoutMs?: number;
}

/**
 * The DMS contract (docs/product/dms-contract.md) as a source connector: the
 * integration's AccessKey is the credential, `GET /meta/models` the field
 * catalogue, and each document type one model (named by the type's slug,
 * e.g. `sales-orders`) paged by `updated_since` and the DMS's `next_cursor`.
 */
export class DmsConnector implements SourceConnector {
  readonly kind = 'DMS' as const;
  private readonly client: DmsClient;

  constructor(accessKey: string, settings: DmsSettings & { fetchImpl?: typeof fetch }) {
    this.client = new DmsClient({ accessKey, ...settings });
  }

  async describe(): Promise<GeneratedTemplate[]> {
    const raw = await mapped(() => this.client.catalogue());
    const catalogue = dmsCatalogue.safeParse(raw);
    if (!catalogue.success)
      throw new ConnectorError('DMS', { kind: 'malformed' }, `The DMS field catalogue does not follow the contract: ${catalogue.error.message}`);
    return generateTemplates(catalogue.data);
  }

  pull(documentType: DocumentType, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined> {
    return pages(from, (q) => mapped(() => this.client.page(DOCUMENT_TYPE_SLUG[documentType], { ...q, limit: opts.pageSize })));
  }

  /**
   * The contract's optional `/api/v1/customers` and `/api/v1/products`,
   * paged like documents; a DMS answering 404 there offers none.
   */
  async *pullMasterData(kind: MasterDataKind, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<MasterDataPage, void, undefined> {
    const path = MASTER_DATA_SLUG[kind];
    let offered = true;
    const fetchPage = async (q: { updatedSince?: string; cursor?: string }) => {
      const page = await mapped(() => this.client.masterDataPage(path, { ...q, limit: opts.pageSize }));
      if (!page.offered) offered = false;
      return page.offered ? page : { data: [], next_cursor: null };
    };
    for await (const page of pages(from, fetchPage)) {
      if (!offered) {
        yield { offered: false };
        return;
      }
      yield { offered: true, ...page };
    }
  }

  mapMasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
    return mapDmsMasterData(kind, record);
  }

  sourceIdOf(record: unknown): string | null {
    const v = (record as { id?: unknown } | null)?.id;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }
}

/**
 * The contract's paging, the same for documents and master data: from the
 * stored watermark, page by page along the DMS's `next_cursor`; the next
 * watermark is the newest change seen in the pass, stored only once the
 * pass ends (a crash mid-pass resumes from the page cursor).
 */
async function* pages(
  from: PullCursor,
  fetchPage: (q: { updatedSince?: string; cursor?: string }) => Promise<{ data: unknown[]; next_cursor: string | null }>,
): AsyncGenerator<PulledPage, void, undefined> {
  const { updatedSince } = from;
  let cursor = from.cursor;
  let maxSeen = updatedSince;
  for (;;) {
    const page = await fetchPage({ ...(updatedSince ? { updatedSince: updatedSince.toISOString() } : {}), ...(cursor ? { cursor } : {}) });
    for (const record of page.data) {
      const seen = updatedAtOf(record);
      if (seen && (!maxSeen || seen > maxSeen)) maxSeen = seen;
    }
    const next = page.next_cursor;
    yield { records: page.data, next: next ? { updatedSince, cursor: next } : { updatedSince: maxSeen, cursor: null } };
    if (!next) return;
    cursor = next;
  }
}

/** Runs one DMS call and turns the client's typed errors into ConnectorErrors. */
async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw connectorErrorOf(err);
  }
}

function connectorErrorOf(err: unknown): unknown {
  // The short detail is what a run and a parked integration show to support.
  if (err instanceof DmsAuthError) return new ConnectorError('DMS', { kind: 'credentials-rejected' }, 'AccessKey rejected', { cause: err });
  if (err instanceof DmsRateLimitError) return new ConnectorError('DMS', { kind: 'rate-limited', retryAfterMs: err.retryAfterMs }, err.message, { cause: err });
  if (err instanceof DmsUnavailableError)
    return new ConnectorError('DMS', { kind: 'unavailable', ...(err.status ? { status: err.status } : {}) }, err.message, { cause: err });
  if (err instanceof DmsProtocolError) return new ConnectorError('DMS', { kind: 'malformed' }, err.message, { cause: err });
  return err;
}

function updatedAtOf(record: unknown): Date | null {
  const v = (record as { updated_at?: unknown } | null)?.updated_at;
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
