import { Injectable } from '@nestjs/common';
import { type OrgTx, Prisma } from '@portal/db';
import { CANDIDATES, rankOrder, type SearchTerms, TYPO_THRESHOLD } from './search-terms';

/** The master-data tables a search help reads, and what tells two alike names apart in each. */
const MASTER_DATA = {
  customers: { table: 'customers', detail: 't.city' },
  products: { table: 'products', detail: 'coalesce(t.brand, t.category)' },
  skus: { table: 'principal_skus', detail: 'coalesce(t.brand, t.category)' },
} as const;
export type MasterDataSearch = keyof typeof MASTER_DATA;

export interface FoundRow {
  id: string;
  code: string;
  name: string;
  detail: string | null;
  organizationId: string;
}

/** Purchase documents name their supplier as the party. */
const SUPPLIER_TYPES = Prisma.sql`('PURCHASE_INVOICE'::"DocumentType", 'PURCHASE_ORDER'::"DocumentType")`;
/** Purchase documents read before their parties are made distinct: suppliers are few, their documents many. */
const SUPPLIER_DOCUMENTS = 2000;

/**
 * SQL of the search helps. Row-level security decides what a caller sees;
 * every query also names the organisations it reads so the indexes are used
 * (the policies are OR-ed). No rules here beyond the ranking, which is
 * `rankOrder`'s.
 */
@Injectable()
export class SearchRepository {
  /** The typo threshold of `<%` for this transaction (pg_trgm reads it per statement). */
  async useTypoThreshold(tx: OrgTx): Promise<void> {
    await tx.$queryRaw`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_THRESHOLD)}, true)`;
  }

  /**
   * Candidates from three bounded index reads (the exact code through the
   * (organisation, code) b-tree, code prefixes and names like the text through
   * the GIN trigram indexes), each stopping after `CANDIDATES` rows, then
   * ranked. Bounded so a common word ("toko") costs what a rare one does: when
   * more rows match than that, the ranking is among the first found, and the
   * user types on to narrow it (docs/product/master-data.md).
   */
  masterData(tx: OrgTx, kind: MasterDataSearch, orgIds: string[], t: SearchTerms, limit: number): Promise<FoundRow[]> {
    const { table, detail } = MASTER_DATA[kind];
    const from = Prisma.raw(`${table} t`);
    const cols = Prisma.raw(`t.id, t.code, t.name, ${detail} as detail, t.organization_id as "organizationId"`);
    const scope = Prisma.sql`t.organization_id = any(${orgIds}::uuid[])`;
    return tx.$queryRaw<FoundRow[]>`
      select c.* from (
        (select ${cols} from ${from} where ${scope} and t.code = any(${t.codes}::text[]) limit ${CANDIDATES})
        union
        (select ${cols} from ${from} where ${scope} and t.code ilike ${t.prefix}::text limit ${CANDIDATES})
        union
        (select ${cols} from ${from} where ${scope} and ${t.text}::text <% t.name limit ${CANDIDATES})
      ) c
      order by ${rankOrder(Prisma.sql`c.code`, Prisma.sql`c.name`, t)}, c.id
      limit ${limit}`;
  }

  /**
   * Suppliers are the distinct parties of purchase documents until supplier
   * master data exists: matching documents (exact party code through the
   * (organisation, party code) index, part of the name or a typo of it through
   * the party name's GIN trigram index) are bounded before they are made
   * distinct and ranked.
   */
  suppliers(tx: OrgTx, orgIds: string[], t: SearchTerms, limit: number): Promise<{ code: string; name: string }[]> {
    return tx.$queryRaw<{ code: string; name: string }[]>`
      select s.code, s.name from (
        select distinct coalesce(d.party_code, '') as code, d.party_name as name from (
          select d.party_code, d.party_name from documents d
           where d.organization_id = any(${orgIds}::uuid[]) and d.type in ${SUPPLIER_TYPES} and d.party_name is not null
             and (d.party_code = any(${t.codes}::text[]) or d.party_name ilike ${t.contains}::text or ${t.text}::text <% d.party_name)
           limit ${SUPPLIER_DOCUMENTS}) d
      ) s
      order by ${rankOrder(Prisma.sql`s.code`, Prisma.sql`s.name`, t)}
      limit ${limit}`;
  }

  /** Ranks a short list of named things the caller already holds (connected distributors) by the same rule. */
  rankNames(tx: OrgTx, items: { id: string; name: string }[], t: SearchTerms, limit: number): Promise<{ id: string; name: string }[]> {
    if (items.length === 0) return Promise.resolve([]);
    return tx.$queryRaw<{ id: string; name: string }[]>`
      select n.id, n.name from unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.name)}::text[]) as n(id, name)
       where n.name ilike ${t.contains}::text or ${t.text}::text <% n.name
       order by ${rankOrder(null, Prisma.sql`n.name`, t)}
       limit ${limit}`;
  }
}
