import type { EntitySetDef } from './edm';
import type { GenContext } from './seed';

/** One entity's raw values: strings, booleans, null, and dates as epoch ms (render.ts writes them as SAP does). */
export type Row = Record<string, string | number | boolean | null>;

export interface GeneratedDoc {
  header: Row;
  /** The rows behind each of the header's navigations, by entity set. */
  children: Record<string, Row[]>;
}

/** A touched document's new LastChangeDateTime and how many times it changed. */
export interface Change {
  time: number;
  version: number;
}

/**
 * A document type of one service: its header set, the sets its navigations
 * lead to, and the generator of document i. Documents are in key order by
 * index, and, where the header has LastChangeDateTime, in time order too
 * until they are touched.
 */
export interface Family {
  name: string;
  header: EntitySetDef;
  children: EntitySetDef[];
  count(ctx: GenContext): number;
  generate(ctx: GenContext, i: number, change: Change | null): GeneratedDoc;
  /** The index of the document with this header key, or null. */
  indexOf(ctx: GenContext, key: Record<string, string>): number | null;
  /** The base LastChangeDateTime of document i, for families that have one. */
  changeTime?(ctx: GenContext, i: number): number;
}

export interface ServiceDef {
  name: string;
  families: Family[];
}

/** Numbered documents: "5000000001" is index 0. */
export function numbered(first: number) {
  return {
    number: (i: number) => String(first + i),
    index: (value: string | undefined, count: number): number | null => {
      if (!value || !/^\d+$/.test(value)) return null;
      const i = Number(value) - first;
      return Number.isInteger(i) && i >= 0 && i < count && String(first + i) === value ? i : null;
    },
  };
}
