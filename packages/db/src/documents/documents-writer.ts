import type { CanonicalDocument, DocumentType } from '@portal/contracts';
import { CUSTOMER_TYPES_SQL } from '../master-data/document-names';
import { lockIntegrationNames } from '../master-data/names-lock';
import { rawQuery as query } from '../raw-query';
import type { OrgTx } from '../tenant-db';

/**
 * Set-based, idempotent write of one page of canonical documents: one
 * multi-row upsert for the headers (keyed by integration, type and source
 * id), one delete of the lines of documents that already existed, and one
 * multi-row insert for the lines.
 *
 * Rows travel as one JSON array per statement, expanded by
 * `json_to_recordset`; decimals stay strings until Postgres reads them as
 * numeric, so nothing passes through floating point. `pnpm bench:consolidate`
 * measured this against parallel `unnest` arrays (about 30% slower: the
 * driver escapes every array element) and multi-row VALUES (about half the
 * speed of unnest); on the server the JSON and unnest forms cost the same.
 * Issue 14 also measured `COPY` of each page into temporary staging tables
 * and one merge from them: the same Postgres CPU per line as this (the
 * tables' indexes and foreign keys are the cost, not how rows arrive; see
 * docs/product/scale.md) with two more statements per page, so JSON stays.
 *
 * A row is only rewritten when the source sent a newer version or a new
 * template version re-consolidates it (`where`): a late retry of an old page
 * can never roll a changed document back, and re-reading unchanged records
 * writes nothing.
 *
 * Shared by the worker's consolidation and the API's External ingestion, so
 * both paths store documents the same way. Ingestion passes
 * `sameVersionReplaces`: a pushed document may change without its sender
 * moving `sourceUpdatedAt` on (the caller has already dropped the unchanged
 * ones), so an equal version also replaces; an older one still never does.
 *
 * Lines carry their header's date, currency, party and salesman: the
 * insight sums' trigger keys them by those (migration `*_insight`), and when
 * a document changes its header is already updated by the time its old lines
 * are deleted, so the old keys must be on the lines.
 *
 * A missing party name (sales types) or product name is taken from the
 * integration's master data with the same code, when it has one
 * (docs/product/master-data.md); `coalesce` evaluates that lookup only for
 * the rows without a name, so sources that send names pay nothing.
 */
export async function writeDocuments(
  tx: OrgTx,
  ctx: { organizationId: string; integrationId: string; type: DocumentType; templateVersion: number },
  docs: CanonicalDocument[],
  opts: { sameVersionReplaces?: boolean } = {},
): Promise<number> {
  if (docs.length === 0) return 0;
  await lockIntegrationNames(tx, ctx.integrationId, 'documents');
  const headers = docs.map((d) => ({
    source_id: d.sourceId,
    number: d.number,
    date: d.date,
    party_code: d.partyCode,
    party_name: d.partyName,
    salesman_code: d.salesmanCode,
    currency: d.currency,
    subtotal: d.subtotal,
    discount: d.discount,
    tax: d.tax,
    total: d.total,
    status: d.status,
    source_updated_at: d.sourceUpdatedAt,
    line_count: d.lines.length,
  }));
  const upserted = await query<{ id: string; source_id: string; inserted: boolean }>(
    tx,
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name,
                            salesman_code, currency, subtotal, discount, tax, total, status, source_updated_at,
                            template_version, line_count, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, $3::"DocumentType", t.source_id, t.number, t.date, t.party_code,
            coalesce(t.party_name, case when $3::"DocumentType" in (${CUSTOMER_TYPES_SQL}) then
              (select c.name from customers c where c.integration_id = $2::uuid and c.code = t.party_code
                order by c.source_updated_at desc limit 1) end),
            t.salesman_code, t.currency, t.subtotal, t.discount, t.tax, t.total, t.status,
            t.source_updated_at, $4::int, t.line_count, now(), now()
       from json_to_recordset($5::json)
            as t(source_id text, number text, date date, party_code text, party_name text, salesman_code text,
                 currency text, subtotal numeric, discount numeric, tax numeric, total numeric, status text,
                 source_updated_at timestamptz, line_count int)
     on conflict (integration_id, type, source_id) do update set
       number = excluded.number, date = excluded.date, party_code = excluded.party_code, party_name = excluded.party_name,
       salesman_code = excluded.salesman_code, currency = excluded.currency, subtotal = excluded.subtotal,
       discount = excluded.discount, tax = excluded.tax, total = excluded.total, status = excluded.status,
       source_updated_at = excluded.source_updated_at, template_version = excluded.template_version,
       line_count = excluded.line_count, updated_at = now()
     where documents.source_updated_at ${opts.sameVersionReplaces ? '<=' : '<'} excluded.source_updated_at
        or documents.template_version <> excluded.template_version
     returning id, source_id, (xmax = 0) as inserted`,
    ctx.organizationId,
    ctx.integrationId,
    ctx.type,
    ctx.templateVersion,
    JSON.stringify(headers),
  );
  if (upserted.length === 0) return 0;

  const idBySource = new Map(upserted.map((r) => [r.source_id, r.id]));
  // A changed document replaces its lines: the new version may have fewer.
  // A document this statement inserted (xmax = 0) has no lines yet, so pages
  // of new documents skip the delete: on a freshly loaded table (no planner
  // statistics yet) it was a sequential scan of every line, once per page.
  const replaced = upserted.filter((r) => !r.inserted).map((r) => r.id);
  if (replaced.length > 0) await query(tx, `delete from document_lines where document_id = any($1::uuid[])`, replaced);

  const lines: Record<string, string | number | null>[] = [];
  for (const d of docs) {
    const documentId = idBySource.get(d.sourceId);
    if (!documentId) continue; // older than the stored version: left as it is
    for (const line of d.lines) {
      lines.push({
        document_id: documentId,
        line_no: line.lineNo,
        product_code: line.productCode,
        product_name: line.productName,
        quantity: line.quantity,
        unit: line.unit,
        quantity_base: line.quantityBase,
        unit_price: line.unitPrice,
        discount: line.discount,
        tax: line.tax,
        amount: line.amount,
        date: d.date,
        currency: d.currency,
        party_code: d.partyCode,
        salesman_code: d.salesmanCode,
      });
    }
  }
  if (lines.length > 0) {
    await query(
      tx,
      `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, product_name,
                                   quantity, unit, quantity_base, unit_price, discount, tax, amount,
                                   date, currency, party_code, salesman_code)
       select t.document_id, t.line_no, $1::uuid, $3::"DocumentType", $4::uuid, t.product_code,
              coalesce(t.product_name, (select p.name from products p where p.integration_id = $4::uuid and p.code = t.product_code
                                         order by p.source_updated_at desc limit 1)),
              t.quantity, t.unit, t.quantity_base,
              t.unit_price, t.discount, t.tax, t.amount, t.date, t.currency, t.party_code, t.salesman_code
         from json_to_recordset($2::json)
              as t(document_id uuid, line_no int, product_code text, product_name text, quantity numeric, unit text,
                   quantity_base numeric, unit_price numeric, discount numeric, tax numeric, amount numeric,
                   date date, currency text, party_code text, salesman_code text)`,
      ctx.organizationId,
      JSON.stringify(lines),
      ctx.type,
      ctx.integrationId,
    );
  }
  return upserted.length;
}

/** Within one page the same record may come twice: keep its newest version (one row per conflict key per statement). */
export function newestPerSource<T extends { sourceId: string; sourceUpdatedAt: string }>(records: T[]): T[] {
  const bySource = new Map<string, T>();
  for (const r of records) {
    const seen = bySource.get(r.sourceId);
    if (!seen || Date.parse(seen.sourceUpdatedAt) <= Date.parse(r.sourceUpdatedAt)) bySource.set(r.sourceId, r);
  }
  return [...bySource.values()];
}
