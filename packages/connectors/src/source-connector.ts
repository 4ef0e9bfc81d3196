import type {
  CanonicalCustomer,
  CanonicalProduct,
  DocumentType,
  MasterDataKind,
  ModelTemplateRules,
  PulledKind,
  RecordFailureCode,
  RecordFailureParams,
  TemplateFieldLabels,
} from '@portal/contracts';

/**
 * Where a pull resumes, as stored in sync_cursors: the watermark of the last
 * complete pass (`updatedSince`) and, mid-pass, the source's own page cursor.
 * The worker stores it as given and never looks inside.
 */
export interface PullCursor {
  updatedSince: Date | null;
  cursor: string | null;
}

export const FROM_START: PullCursor = { updatedSince: null, cursor: null };

/** One page of changed records, and the cursor to store once the page is committed. */
export interface PulledPage {
  records: unknown[];
  next: PullCursor;
}

/** One page of master data, or the source's answer that it does not offer this kind at all. */
export type MasterDataPage = ({ offered: true } & PulledPage) | { offered: false };

/** What each master-data kind becomes (contracts `canonicalCustomer`, `canonicalProduct`). */
export interface CanonicalMasterData {
  CUSTOMER: CanonicalCustomer;
  PRODUCT: CanonicalProduct;
}

/**
 * A raw master-data record as its canonical shape, or why it cannot be one:
 * a stable code with params (contracts `recordFailureCode`, translated by the
 * SPA) and the English reason, quarantined like a template failure.
 */
export type MasterDataMapping<K extends MasterDataKind> =
  { ok: true; value: CanonicalMasterData[K] } | { ok: false; code: RecordFailureCode; params: RecordFailureParams; reason: string };

/** A model template a source's generator proposes for one document type. */
export interface GeneratedTemplate {
  documentType: DocumentType;
  sourceModel: string;
  rules: ModelTemplateRules;
  /** Source fields nobody maps: shown to the user, never guessed. */
  unmappedFields: string[];
  /** The source's labels of the paths the rules read (SAP's sap:label), shown beside each path in the template editor. */
  fieldLabels: TemplateFieldLabels;
  /** Canonical fields that need a source the catalogue does not offer. */
  missing: string[];
}

/**
 * A source the worker pulls documents from, for one integration (its
 * credentials are bound at construction). Every failure of a call is a
 * `ConnectorError`, so callers never see the source's own error classes.
 */
export interface SourceConnector {
  readonly kind: PulledKind;
  /**
   * One live call that proves the credentials and reads the source's field
   * catalogue, answered as the model templates generated from it (one per
   * document type the source offers).
   */
  describe(): Promise<GeneratedTemplate[]>;
  /**
   * Changed records of one document type, page by page from `from`. The next
   * page is only fetched when the caller asks for it, so a caller that
   * commits each page (and its `next` cursor) before continuing resumes
   * exactly there after a crash.
   */
  pull(documentType: DocumentType, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined>;
  /** The record's id in the source, when it has a readable one (quarantine rows and previews show it). */
  sourceIdOf(record: unknown): string | null;
  /**
   * Changed master data of one kind (customers, products), paged and resumed
   * exactly like `pull`. A source that does not offer the kind yields one
   * `{ offered: false }` and ends: a normal outcome, not a failure.
   */
  pullMasterData(kind: MasterDataKind, from: PullCursor, opts: { pageSize: number }): AsyncGenerator<MasterDataPage, void, undefined>;
  /** One raw record of `pullMasterData` as its canonical shape, or the per-record failure to quarantine. */
  mapMasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K>;
}

/** The first records of a type, for a live preview: the first page of a pull from the start. */
export async function sampleRecords(connector: SourceConnector, documentType: DocumentType, limit: number): Promise<unknown[]> {
  const pages = connector.pull(documentType, FROM_START, { pageSize: limit });
  const first = await pages.next();
  await pages.return();
  return first.done ? [] : first.value.records.slice(0, limit);
}
