import { DOCUMENT_TYPE_SLUG, type DocumentType, dmsCatalogue } from '@portal/contracts';
import { DmsAuthError, DmsClient, DmsProtocolError, DmsRateLimitError, DmsUnavailableError } from '@portal/dms-client';
import { ConnectorError } from '../connector-error';
import type { GeneratedTemplate, PullCursor, PulledPage, SourceConnector } from '../source-connector';
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

  async *pull(documentType: DocumentType, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined> {
    const { updatedSince } = from;
    let cursor = from.cursor;
    // The next watermark is the newest change seen in this pass; it is stored only once the pass ends.
    let maxSeen = updatedSince;
    for (;;) {
      const page = await mapped(() =>
        this.client.page(DOCUMENT_TYPE_SLUG[documentType], {
          ...(updatedSince ? { updatedSince: updatedSince.toISOString() } : {}),
          ...(cursor ? { cursor } : {}),
          limit: opts.pageSize,
        }),
      );
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

  sourceIdOf(record: unknown): string | null {
    const v = (record as { id?: unknown } | null)?.id;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
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
