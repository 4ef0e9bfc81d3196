import type { CanonicalDocument } from '@portal/contracts';
import type { DocumentType } from '@portal/contracts';
import type { OrgTx } from '@portal/db';

/**
 * Set-based, idempotent write of one page of canonical documents:
 * one multi-row upsert for the headers (keyed by integration, type and
 * source id), one delete and one multi-row insert for their lines. Values go
 * in as parallel arrays through `unnest`, decimals as text cast to numeric,
 * so nothing passes through floating point.
 *
 * A row is only rewritten when the source sent a newer version or a new
 * template version re-consolidates it (`where`): a late retry of an old page
 * can never roll a changed document back, and re-reading unchanged records
 * writes nothing.
 */
export async function writeDocuments(
  tx: OrgTx,
  ctx: { organizationId: string; integrationId: string; type: DocumentType; templateVersion: number },
  docs: CanonicalDocument[],
): Promise<number> {
  if (docs.length === 0) return 0;
  const cols = {
    sourceId: [] as string[],
    number: [] as string[],
    date: [] as string[],
    partyCode: [] as (string | null)[],
    partyName: [] as (string | null)[],
    salesmanCode: [] as (string | null)[],
    currency: [] as string[],
    subtotal: [] as string[],
    discount: [] as string[],
    tax: [] as string[],
    total: [] as string[],
    status: [] as (string | null)[],
    sourceUpdatedAt: [] as string[],
    lineCount: [] as number[],
  };
  for (const d of docs) {
    cols.sourceId.push(d.sourceId);
    cols.number.push(d.number);
    cols.date.push(d.date);
    cols.partyCode.push(d.partyCode);
    cols.partyName.push(d.partyName);
    cols.salesmanCode.push(d.salesmanCode);
    cols.currency.push(d.currency);
    cols.subtotal.push(d.subtotal);
    cols.discount.push(d.discount);
    cols.tax.push(d.tax);
    cols.total.push(d.total);
    cols.status.push(d.status);
    cols.sourceUpdatedAt.push(d.sourceUpdatedAt);
    cols.lineCount.push(d.lines.length);
  }
  const upserted = await tx.$queryRawUnsafe<{ id: string; source_id: string }[]>(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name,
                            salesman_code, currency, subtotal, discount, tax, total, status, source_updated_at,
                            template_version, line_count, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, $3::"DocumentType", t.source_id, t.number, t.date::date, t.party_code,
            t.party_name, t.salesman_code, t.currency, t.subtotal::numeric, t.discount::numeric, t.tax::numeric,
            t.total::numeric, t.status, t.source_updated_at::timestamptz, $4::int, t.line_count, now(), now()
       from unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                   $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[])
            as t(source_id, number, date, party_code, party_name, salesman_code, currency, subtotal, discount, tax, total,
                 status, source_updated_at, line_count)
     on conflict (integration_id, type, source_id) do update set
       number = excluded.number, date = excluded.date, party_code = excluded.party_code, party_name = excluded.party_name,
       salesman_code = excluded.salesman_code, currency = excluded.currency, subtotal = excluded.subtotal,
       discount = excluded.discount, tax = excluded.tax, total = excluded.total, status = excluded.status,
       source_updated_at = excluded.source_updated_at, template_version = excluded.template_version,
       line_count = excluded.line_count, updated_at = now()
     where documents.source_updated_at < excluded.source_updated_at
        or documents.template_version <> excluded.template_version
     returning id, source_id`,
    ctx.organizationId,
    ctx.integrationId,
    ctx.type,
    ctx.templateVersion,
    cols.sourceId,
    cols.number,
    cols.date,
    cols.partyCode,
    cols.partyName,
    cols.salesmanCode,
    cols.currency,
    cols.subtotal,
    cols.discount,
    cols.tax,
    cols.total,
    cols.status,
    cols.sourceUpdatedAt,
    cols.lineCount,
  );
  if (upserted.length === 0) return 0;

  const idBySource = new Map(upserted.map((r) => [r.source_id, r.id]));
  const ids = upserted.map((r) => r.id);
  // A changed document replaces its lines: the new version may have fewer.
  await tx.$executeRawUnsafe(`delete from document_lines where document_id = any($1::uuid[])`, ids);

  const l = {
    documentId: [] as string[],
    lineNo: [] as number[],
    productCode: [] as string[],
    productName: [] as (string | null)[],
    quantity: [] as string[],
    unit: [] as string[],
    quantityBase: [] as string[],
    unitPrice: [] as string[],
    discount: [] as string[],
    tax: [] as string[],
    amount: [] as string[],
  };
  for (const d of docs) {
    const documentId = idBySource.get(d.sourceId);
    if (!documentId) continue; // older than the stored version: left as it is
    for (const line of d.lines) {
      l.documentId.push(documentId);
      l.lineNo.push(line.lineNo);
      l.productCode.push(line.productCode);
      l.productName.push(line.productName);
      l.quantity.push(line.quantity);
      l.unit.push(line.unit);
      l.quantityBase.push(line.quantityBase);
      l.unitPrice.push(line.unitPrice);
      l.discount.push(line.discount);
      l.tax.push(line.tax);
      l.amount.push(line.amount);
    }
  }
  if (l.documentId.length > 0) {
    await tx.$executeRawUnsafe(
      `insert into document_lines (document_id, line_no, organization_id, product_code, product_name, quantity, unit,
                                   quantity_base, unit_price, discount, tax, amount)
       select t.document_id, t.line_no, $1::uuid, t.product_code, t.product_name, t.quantity::numeric, t.unit,
              t.quantity_base::numeric, t.unit_price::numeric, t.discount::numeric, t.tax::numeric, t.amount::numeric
         from unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::text[], $12::text[])
              as t(document_id, line_no, product_code, product_name, quantity, unit, quantity_base, unit_price,
                   discount, tax, amount)`,
      ctx.organizationId,
      l.documentId,
      l.lineNo,
      l.productCode,
      l.productName,
      l.quantity,
      l.unit,
      l.quantityBase,
      l.unitPrice,
      l.discount,
      l.tax,
      l.amount,
    );
  }
  return upserted.length;
}

/** Within one page the same document may come twice: keep its newest version. */
export function newestPerSource(docs: CanonicalDocument[]): CanonicalDocument[] {
  const bySource = new Map<string, CanonicalDocument>();
  for (const d of docs) {
    const seen = bySource.get(d.sourceId);
    if (!seen || Date.parse(seen.sourceUpdatedAt) <= Date.parse(d.sourceUpdatedAt)) bySource.set(d.sourceId, d);
  }
  return [...bySource.values()];
}
