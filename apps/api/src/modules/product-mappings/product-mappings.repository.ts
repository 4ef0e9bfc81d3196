import { Injectable } from '@nestjs/common';
import type { ProductMappingMethod } from '@portal/contracts';
import { type OrgTx, Prisma } from '@portal/db';

/** Where a page starts: after this row in (sales value desc, distributor, code) order. */
export interface MappingKeyset {
  value: string;
  distributorId: string;
  productCode: string;
}

export interface MappingCandidate {
  distributorId: string;
  productCode: string;
  /** The distributor's master data (its newest product with the code), when it has any. */
  productName: string | null;
  barcode: string | null;
  baseUnit: string | null;
  /** The sort key: the biggest per-currency sell-out value of the last 12 months, 0 without sales. */
  sortValue: string;
  salesValue: { currency: string; amount: string }[];
  mappingId: string | null;
  skuId: string | null;
  skuCode: string | null;
  skuName: string | null;
  skuBaseUnit: string | null;
  method: ProductMappingMethod | null;
  score: string | null;
  updatedAt: Date | null;
}

export interface SuggestionInput {
  distributorId: string;
  productCode: string;
  name: string | null;
  barcode: string | null;
}

export interface SuggestionRow {
  distributorId: string;
  productCode: string;
  skuId: string;
  skuCode: string;
  skuName: string;
  skuBaseUnit: string;
  method: 'CODE' | 'BARCODE' | 'NAME';
  score: string;
}

export interface MappingWrite {
  distributorId: string;
  productCode: string;
  skuId: string;
  method: ProductMappingMethod;
  score: string | null;
}

/**
 * SQL of product mapping. Owns `product_mappings`; reads the distributors'
 * `products`, the insight sums `insight_product_months_live`, `document_lines`
 * (a name when master data has none) and the principal's `principal_skus`
 * read-only, as one read model (ARCHITECTURE.md): the list and its
 * suggestions are set-based over the page, which per-row service calls could
 * not be. Row-level security decides what is seen; every query also names the
 * distributors it reads so the indexes are used. No rules here.
 */
@Injectable()
export class ProductMappingsRepository {
  /**
   * The distinct (distributor, product code) pairs of these distributors:
   * codes in their master data, codes on their lines the caller may see (the
   * insight sums, any type, any time) and codes the principal already mapped.
   * `take` null: every row (bulk acceptance, the summary).
   */
  candidates(
    tx: OrgTx,
    principalId: string,
    distributorIds: string[],
    filter: { status: 'unmapped' | 'mapped' | 'all'; q?: string | undefined; since: Date },
    after: MappingKeyset | null,
    take: number | null,
  ): Promise<MappingCandidate[]> {
    if (distributorIds.length === 0) return Promise.resolve([]);
    const status = filter.status === 'unmapped' ? Prisma.sql`and pm.id is null` : filter.status === 'mapped' ? Prisma.sql`and pm.id is not null` : Prisma.empty;
    const contains = filter.q === undefined ? null : `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // A code without master data is named by its lines: those are searched only for such codes.
    const search =
      contains === null
        ? Prisma.empty
        : Prisma.sql`and (c.product_code ilike ${contains} or p.name ilike ${contains}
            or (p.name is null and exists (select 1 from document_lines l where l.organization_id = c.distributor_id and l.product_code = c.product_code
                                             and l.product_name ilike ${contains})))`;
    const keyset = after
      ? Prisma.sql`where r."sortValue" < ${after.value}::numeric
          or (r."sortValue" = ${after.value}::numeric and (r."distributorId", r."productCode") > (${after.distributorId}::uuid, ${after.productCode}::text))`
      : Prisma.empty;
    const limit = take === null ? Prisma.empty : Prisma.sql`limit ${take}`;
    return tx.$queryRaw<MappingCandidate[]>`
      with codes as (
        select organization_id as distributor_id, code as product_code from products where organization_id = any(${distributorIds}::uuid[])
        union
        select organization_id, product_code from insight_product_months_live where organization_id = any(${distributorIds}::uuid[]) and lines <> 0
        union
        select distributor_id, product_code from product_mappings where organization_id = ${principalId}::uuid and distributor_id = any(${distributorIds}::uuid[])
      ),
      master as (
        select distinct on (organization_id, code) organization_id, code, name, barcode, base_unit
          from products where organization_id = any(${distributorIds}::uuid[])
         order by organization_id, code, updated_at desc, id
      ),
      sales as (
        select organization_id, product_code, currency,
               sum(case type when 'SALES_INVOICE' then amount else -amount end) as amount
          from insight_product_months_live
         where organization_id = any(${distributorIds}::uuid[]) and month >= ${filter.since}::date
           and type in ('SALES_INVOICE', 'SALES_RETURN') and lines <> 0
         group by 1, 2, 3
      ),
      rows as (
        select c.distributor_id as "distributorId", c.product_code as "productCode", p.name as "productName", p.barcode, p.base_unit as "baseUnit",
               coalesce((select max(s.amount) from sales s where s.organization_id = c.distributor_id and s.product_code = c.product_code), 0) as "sortValue",
               coalesce((select jsonb_agg(jsonb_build_object('currency', s.currency, 'amount', s.amount::text) order by s.currency)
                           from sales s where s.organization_id = c.distributor_id and s.product_code = c.product_code), '[]'::jsonb) as "salesValue",
               pm.id as "mappingId", sku.id as "skuId", sku.code as "skuCode", sku.name as "skuName", sku.base_unit as "skuBaseUnit",
               pm.method::text as method, pm.score::text as score, pm.updated_at as "updatedAt"
          from codes c
          left join master p on p.organization_id = c.distributor_id and p.code = c.product_code
          left join product_mappings pm on pm.organization_id = ${principalId}::uuid and pm.distributor_id = c.distributor_id and pm.product_code = c.product_code
          left join principal_skus sku on sku.id = pm.sku_id
         where true ${status} ${search}
      )
      select r."distributorId", r."productCode", r."productName", r.barcode, r."baseUnit", r."sortValue"::text as "sortValue", r."salesValue",
             r."mappingId", r."skuId", r."skuCode", r."skuName", r."skuBaseUnit", r.method, r.score, r."updatedAt"
        from rows r ${keyset}
       order by r."sortValue" desc, r."distributorId", r."productCode"
       ${limit}`;
  }

  /** The newest name the distributor's visible lines give each code (for codes without master data). */
  async lineNames(tx: OrgTx, rows: { distributorId: string; productCode: string }[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const found = await tx.$queryRaw<{ distributorId: string; productCode: string; name: string }[]>`
      select r.d as "distributorId", r.c as "productCode", n.name
        from unnest(${rows.map((r) => r.distributorId)}::uuid[], ${rows.map((r) => r.productCode)}::text[]) as r(d, c)
        cross join lateral (
          select l.product_name as name from document_lines l
           where l.organization_id = r.d and l.product_code = r.c and l.product_name is not null
           order by l.date desc limit 1) n`;
    return new Map(found.map((f) => [pairKey(f.distributorId, f.productCode), f.name]));
  }

  /**
   * The best SKU for each row, set-based: the same code (1), else the same
   * barcode (1), else the most similar name (pg_trgm `similarity`) at or
   * above `minScore`, rounded to 3 places; ties by SKU code.
   */
  async suggestions(tx: OrgTx, principalId: string, rows: SuggestionInput[], minScore: number): Promise<SuggestionRow[]> {
    if (rows.length === 0) return [];
    // `%` uses this threshold (and the name's trigram index); the explicit `>=` keeps the rule when a caller asks more.
    await tx.$queryRaw`select set_config('pg_trgm.similarity_threshold', ${String(minScore)}, true)`;
    return tx.$queryRaw<SuggestionRow[]>`
      select r.d as "distributorId", r.c as "productCode", b.id as "skuId", b.code as "skuCode", b.name as "skuName", b.base_unit as "skuBaseUnit",
             b.method, b.score::text as score
        from unnest(${rows.map((r) => r.distributorId)}::uuid[], ${rows.map((r) => r.productCode)}::text[],
                    ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.barcode)}::text[]) as r(d, c, name, barcode)
        cross join lateral (
          select x.* from (
            (select s.id, s.code, s.name, s.base_unit, 'CODE' as method, 1.000::numeric(4,3) as score, 1 as rank
               from principal_skus s where s.organization_id = ${principalId}::uuid and s.code = btrim(r.c) limit 1)
            union all
            (select s.id, s.code, s.name, s.base_unit, 'BARCODE', 1.000::numeric(4,3), 2
               from principal_skus s where s.organization_id = ${principalId}::uuid and nullif(btrim(r.barcode), '') is not null and s.barcode = btrim(r.barcode)
              order by s.code limit 1)
            union all
            (select s.id, s.code, s.name, s.base_unit, 'NAME', round(similarity(s.name, r.name)::numeric, 3)::numeric(4,3), 3
               from principal_skus s
              where s.organization_id = ${principalId}::uuid and r.name is not null and s.name % r.name and similarity(s.name, r.name) >= ${minScore}
              order by similarity(s.name, r.name) desc, s.code limit 1)
          ) x order by x.rank limit 1) b`;
  }

  /** Which of these SKU ids are in the principal's catalogue. */
  async existingSkuIds(tx: OrgTx, principalId: string, ids: string[]): Promise<Set<string>> {
    const rows = await tx.principalSku.findMany({ where: { organizationId: principalId, id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Upserts by (principal, distributor, code); a row already naming the same
   * SKU is left as it is (unchanged). Answers what was inserted and updated.
   */
  async upsert(tx: OrgTx, principalId: string, userId: string | null, rows: MappingWrite[]): Promise<{ created: number; updated: number }> {
    if (rows.length === 0) return { created: 0, updated: 0 };
    const [counts] = await tx.$queryRaw<{ created: number; updated: number }[]>`
      with written as (
        insert into product_mappings as pm (id, organization_id, distributor_id, product_code, sku_id, method, score, confirmed_by, updated_at)
        select gen_random_uuid(), ${principalId}::uuid, r.d, r.c, r.s, r.m::"ProductMappingMethod", r.score, ${userId}::uuid, now()
          from unnest(${rows.map((r) => r.distributorId)}::uuid[], ${rows.map((r) => r.productCode)}::text[], ${rows.map((r) => r.skuId)}::uuid[],
                      ${rows.map((r) => r.method)}::text[], ${rows.map((r) => r.score)}::numeric[]) as r(d, c, s, m, score)
         order by r.d, r.c
        on conflict (organization_id, distributor_id, product_code) do update
          set sku_id = excluded.sku_id, method = excluded.method, score = excluded.score, confirmed_by = excluded.confirmed_by, updated_at = now()
          where pm.sku_id <> excluded.sku_id
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated from written`;
    return counts ?? { created: 0, updated: 0 };
  }

  find(tx: OrgTx, id: string) {
    return tx.productMapping.findUnique({
      where: { id },
      select: { id: true, distributorId: true, productCode: true, skuId: true, method: true, score: true, sku: { select: { code: true } } },
    });
  }

  delete(tx: OrgTx, id: string) {
    return tx.productMapping.deleteMany({ where: { id } });
  }
}

export const pairKey = (distributorId: string, productCode: string) => `${distributorId}\u0000${productCode}`;
