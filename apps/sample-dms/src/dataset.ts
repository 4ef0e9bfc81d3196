import { MODEL_TYPES, type ModelType } from './catalogue';
import { baseUpdatedAt, BASE_TIME, generateRecord, type GenContext, indexOfId, isoJakarta, lineCount, recordId, STEP_MS } from './data';
import {
  customerRecord,
  isMasterDataMalformed,
  masterBaseUpdatedAt,
  type MasterDataPath,
  type MasterEntry,
  masterEntries,
  masterId,
  productRecord,
} from './master-data';

interface Touched {
  version: number;
  updatedAt: number;
}

export interface PageQuery {
  updatedSince?: number | undefined;
  after?: { t: number; id: string } | undefined;
  limit: number;
}

const cmp = (a: { t: number; id: string }, b: { t: number; id: string }) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The documents of every tenant and type: a deterministic base sequence
 * (never materialised) plus a small overlay of documents changed since
 * (`touch`), which come after the base sequence in (updated_at, id) order.
 */
export class Dataset {
  private readonly touched = new Map<string, Map<number, Touched>>();
  private readonly masters = new Map<string, Record<MasterDataPath, MasterEntry[]>>();
  private lastTouch = 0;

  constructor(private readonly opts: { seed: number; docsPerType: number; avgLines: number; malformedRate: number }) {}

  ctx(tenantId: string, type: ModelType): GenContext {
    return { seed: this.opts.seed, tenantId, type, avgLines: this.opts.avgLines, malformedRate: this.opts.malformedRate };
  }

  private overlay(tenantId: string, type: ModelType | MasterDataPath) {
    const key = `${tenantId}|${type}`;
    let m = this.touched.get(key);
    if (!m) {
      m = new Map();
      this.touched.set(key, m);
    }
    return m;
  }

  /** A changed document: newer updated_at (after everything served so far) and different values. */
  touch(tenantId: string, type: ModelType, id: string): { id: string; updated_at: string } | null {
    const i = indexOfId(type, id);
    if (i === null || i >= this.opts.docsPerType) return null;
    return this.markChanged(tenantId, type, i, id);
  }

  private markChanged(tenantId: string, key: ModelType | MasterDataPath, i: number, id: string) {
    const m = this.overlay(tenantId, key);
    const updatedAt = Math.max(Date.now(), this.lastTouch + 1, BASE_TIME + this.opts.docsPerType * STEP_MS);
    this.lastTouch = updatedAt;
    m.set(i, { version: (m.get(i)?.version ?? 0) + 1, updatedAt });
    return { id, updated_at: isoJakarta(updatedAt) };
  }

  /** The customers and products this tenant's documents name (computed once per tenant). */
  masterData(tenantId: string, path: MasterDataPath): MasterEntry[] {
    let m = this.masters.get(tenantId);
    if (!m) {
      m = masterEntries((type) => this.ctx(tenantId, type), this.opts.docsPerType);
      this.masters.set(tenantId, m);
    }
    return m[path];
  }

  /** A changed customer or product, like `touch` for documents. */
  touchMasterData(tenantId: string, path: MasterDataPath, id: string): { id: string; updated_at: string } | null {
    const entry = this.masterData(tenantId, path).find((e) => masterId(path, e.index) === id);
    return entry ? this.markChanged(tenantId, path, entry.index, id) : null;
  }

  /** A page of customers or products in (updated_at, id) order, with the documents' paging rules. */
  masterDataPage(tenantId: string, path: MasterDataPath, q: PageQuery): { records: Record<string, unknown>[]; next: { t: number; id: string } | null } {
    const overlay = this.overlay(tenantId, path);
    const since = q.updatedSince ?? Number.NEGATIVE_INFINITY;
    const items = this.masterData(tenantId, path)
      .map((e) => {
        const changed = overlay.get(e.index);
        return { e, t: changed?.updatedAt ?? masterBaseUpdatedAt(e.index), id: masterId(path, e.index), version: changed?.version ?? 0 };
      })
      .filter((x) => x.t >= since && (!q.after || cmp(x, q.after) > 0))
      .sort(cmp);
    const pageItems = items.slice(0, q.limit);
    const last = pageItems.at(-1);
    const records = pageItems.map(({ e, t, version }) => {
      const malformed = isMasterDataMalformed(this.opts.seed, tenantId, path, e.index, this.opts.malformedRate);
      return path === 'customers'
        ? customerRecord(this.opts.seed, tenantId, e, { updatedAt: t, version, malformed })
        : productRecord(this.opts.seed, e, { updatedAt: t, version, malformed });
    });
    return { records, next: items.length > q.limit && last ? { t: last.t, id: last.id } : null };
  }

  page(tenantId: string, type: ModelType, q: PageQuery): { records: Record<string, unknown>[]; next: { t: number; id: string } | null } {
    const ctx = this.ctx(tenantId, type);
    const n = this.opts.docsPerType;
    const overlay = this.overlay(tenantId, type);
    const want = q.limit + 1;
    const out: { t: number; id: string; record: Record<string, unknown> }[] = [];
    const since = q.updatedSince ?? Number.NEGATIVE_INFINITY;

    // Base sequence: index arithmetic, since updated_at grows with i.
    let i = Math.max(0, Math.ceil((since - BASE_TIME) / STEP_MS));
    if (q.after) {
      const idx = indexOfId(type, q.after.id);
      // After a base record: continue behind it. After a changed record: the
      // base sequence is done (changed records all come after it).
      i = idx !== null && q.after.t === baseUpdatedAt(idx) ? Math.max(i, idx + 1) : n;
    }
    for (; i < n && out.length < want; i++) {
      if (overlay.has(i)) continue;
      const t = baseUpdatedAt(i);
      out.push({ t, id: recordId(type, i), record: generateRecord(ctx, i) });
    }
    if (out.length < want && overlay.size) {
      const changed = [...overlay.entries()]
        .map(([idx, v]) => ({ t: v.updatedAt, id: recordId(type, idx), idx, v }))
        .filter((e) => e.t >= since && (!q.after || cmp(e, q.after) > 0))
        .sort(cmp);
      for (const e of changed) {
        if (out.length >= want) break;
        out.push({ t: e.t, id: e.id, record: generateRecord(ctx, e.idx, { updatedAt: e.t, version: e.v.version }) });
      }
    }
    const more = out.length > q.limit;
    const pageItems = out.slice(0, q.limit);
    const last = pageItems.at(-1);
    return { records: pageItems.map((o) => o.record), next: more && last ? { t: last.t, id: last.id } : null };
  }

  countDocuments(): number {
    return this.opts.docsPerType;
  }

  countLines(tenantId: string, type: ModelType): number {
    const ctx = this.ctx(tenantId, type);
    let total = 0;
    for (let i = 0; i < this.opts.docsPerType; i++) total += lineCount(ctx, i);
    return total;
  }

  stats(tenantId: string) {
    return {
      ...Object.fromEntries(
        MODEL_TYPES.map((type) => [
          type,
          { documents: this.countDocuments(), lines: this.countLines(tenantId, type), changed: this.overlay(tenantId, type).size },
        ]),
      ),
      customers: { records: this.masterData(tenantId, 'customers').length, changed: this.overlay(tenantId, 'customers').size },
      products: { records: this.masterData(tenantId, 'products').length, changed: this.overlay(tenantId, 'products').size },
    };
  }
}
