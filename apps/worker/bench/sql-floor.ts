import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type BenchTenant, canonicalPages } from './bench-fixtures';

/**
 * The floor: what Postgres needs to store these rows at all. Every row is
 * pulled, templated and laid out as column arrays before the clock starts;
 * then one `INSERT … SELECT FROM unnest(…) ON CONFLICT` for all documents and
 * one for all lines, in one transaction on a plain pg connection, under the
 * same role, row-level security and constraints as the worker.
 */
export async function sqlFloor(tenant: BenchTenant, dmsUrl: string, pageSize: number): Promise<{ elapsedMs: number; lines: number }> {
  const d = {
    id: [] as string[],
    type: [] as string[],
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
    templateVersion: [] as number[],
    lineCount: [] as number[],
  };
  const l = {
    documentId: [] as string[],
    lineNo: [] as number[],
    type: [] as string[],
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
  for await (const page of canonicalPages(dmsUrl, tenant, pageSize)) {
    for (const doc of page.docs) {
      // Ids chosen up front, so the lines statement needs nothing back from the documents one.
      const id = randomUUID();
      d.id.push(id);
      d.type.push(page.type);
      d.sourceId.push(doc.sourceId);
      d.number.push(doc.number);
      d.date.push(doc.date);
      d.partyCode.push(doc.partyCode);
      d.partyName.push(doc.partyName);
      d.salesmanCode.push(doc.salesmanCode);
      d.currency.push(doc.currency);
      d.subtotal.push(doc.subtotal);
      d.discount.push(doc.discount);
      d.tax.push(doc.tax);
      d.total.push(doc.total);
      d.status.push(doc.status);
      d.sourceUpdatedAt.push(doc.sourceUpdatedAt);
      d.templateVersion.push(page.version);
      d.lineCount.push(doc.lines.length);
      for (const line of doc.lines) {
        l.documentId.push(id);
        l.lineNo.push(line.lineNo);
        l.type.push(page.type);
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
  }

  const client = new pg.Client({ connectionString: tenant.db.appUrl });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    await client.query('begin');
    await client.query(`select set_config('app.org_id', $1, true)`, [tenant.organizationId]);
    await client.query(
      `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name,
                              salesman_code, currency, subtotal, discount, tax, total, status, source_updated_at,
                              template_version, line_count, created_at, updated_at)
       select t.id, $1::uuid, $2::uuid, t.type::"DocumentType", t.source_id, t.number, t.date::date, t.party_code, t.party_name,
              t.salesman_code, t.currency, t.subtotal::numeric, t.discount::numeric, t.tax::numeric, t.total::numeric, t.status,
              t.source_updated_at::timestamptz, t.template_version, t.line_count, now(), now()
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[], $19::int[])
              as t(id, type, source_id, number, date, party_code, party_name, salesman_code, currency, subtotal, discount, tax,
                   total, status, source_updated_at, template_version, line_count)
       on conflict (integration_id, type, source_id) do update set
         number = excluded.number, date = excluded.date, party_code = excluded.party_code, party_name = excluded.party_name,
         salesman_code = excluded.salesman_code, currency = excluded.currency, subtotal = excluded.subtotal,
         discount = excluded.discount, tax = excluded.tax, total = excluded.total, status = excluded.status,
         source_updated_at = excluded.source_updated_at, template_version = excluded.template_version,
         line_count = excluded.line_count, updated_at = now()`,
      [
        tenant.organizationId,
        tenant.integrationId,
        d.id,
        d.type,
        d.sourceId,
        d.number,
        d.date,
        d.partyCode,
        d.partyName,
        d.salesmanCode,
        d.currency,
        d.subtotal,
        d.discount,
        d.tax,
        d.total,
        d.status,
        d.sourceUpdatedAt,
        d.templateVersion,
        d.lineCount,
      ],
    );
    await client.query(
      `insert into document_lines (document_id, line_no, organization_id, integration_id, type, product_code, product_name,
                                   quantity, unit, quantity_base, unit_price, discount, tax, amount)
       select t.document_id, t.line_no, $1::uuid, $14::uuid, t.type::"DocumentType", t.product_code, t.product_name,
              t.quantity::numeric, t.unit, t.quantity_base::numeric, t.unit_price::numeric, t.discount::numeric, t.tax::numeric,
              t.amount::numeric
         from unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::text[], $12::text[], $13::text[])
              as t(document_id, line_no, product_code, product_name, quantity, unit, quantity_base, unit_price, discount, tax,
                   amount, type)`,
      [
        tenant.organizationId,
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
        l.type,
        tenant.integrationId,
      ],
    );
    await client.query('commit');
    return { elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, lines: l.documentId.length };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    await client.end();
  }
}
