import type { CanonicalCustomer, CanonicalProduct } from '@portal/contracts';
import { newestPerSource } from '../documents/documents-writer';
import { rawQuery } from '../raw-query';
import { fillDocumentNames } from './document-names';
import { lockIntegrationNames } from './names-lock';
import type { OrgTx } from '../tenant-db';

/** Which integration's master data a page belongs to. */
export interface MasterDataTarget {
  organizationId: string;
  integrationId: string;
}

/**
 * Set-based, idempotent write of one page of customers: one multi-row upsert
 * keyed by (integration, source id), the same shape as `writeDocuments`. A
 * row is only rewritten when the source sent a newer version (`where`), so a
 * late retry of an old page never rolls a customer back; `sameVersionReplaces`
 * is for pushes (External ingestion, import), whose sender may change a record
 * without moving its timestamp. Returns the number of rows written.
 *
 * Shared by the worker's pulls and the API's ingestion and import, and so is
 * what follows every write: documents of the integration that lack the
 * party's or product's name take it from the rows written
 * (`fillDocumentNames`), in the same transaction.
 */
export async function writeCustomers(
  tx: OrgTx,
  target: MasterDataTarget,
  customers: CanonicalCustomer[],
  opts: { sameVersionReplaces?: boolean } = {},
): Promise<number> {
  const rows = newestPerSource(customers).map((c) => ({
    source_id: c.sourceId,
    code: c.code,
    name: c.name,
    address: c.address,
    city: c.city,
    salesman_code: c.salesmanCode,
    outlet_type: c.outletType,
    source_updated_at: c.sourceUpdatedAt,
  }));
  if (rows.length === 0) return 0;
  await lockIntegrationNames(tx, target.integrationId, 'master-data');
  const written = await rawQuery<{ code: string }>(
    tx,
    `insert into customers (id, organization_id, integration_id, source_id, code, name, address, city, salesman_code,
                            outlet_type, source_updated_at, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, t.source_id, t.code, t.name, t.address, t.city, t.salesman_code,
            t.outlet_type, t.source_updated_at, now(), now()
       from json_to_recordset($3::json)
            as t(source_id text, code text, name text, address text, city text, salesman_code text, outlet_type text,
                 source_updated_at timestamptz)
     on conflict (integration_id, source_id) do update set
       code = excluded.code, name = excluded.name, address = excluded.address, city = excluded.city,
       salesman_code = excluded.salesman_code, outlet_type = excluded.outlet_type,
       source_updated_at = excluded.source_updated_at, updated_at = now()
     where customers.source_updated_at ${opts.sameVersionReplaces ? '<=' : '<'} excluded.source_updated_at
     returning code`,
    target.organizationId,
    target.integrationId,
    JSON.stringify(rows),
  );
  await fillDocumentNames(tx, target, { customers: [...new Set(written.map((r) => r.code))] });
  return written.length;
}

/** The same as `writeCustomers`, for products and their unit conversions. */
export async function writeProducts(
  tx: OrgTx,
  target: MasterDataTarget,
  products: CanonicalProduct[],
  opts: { sameVersionReplaces?: boolean } = {},
): Promise<number> {
  const rows = newestPerSource(products).map((p) => ({
    source_id: p.sourceId,
    code: p.code,
    name: p.name,
    base_unit: p.baseUnit,
    conversions: p.conversions,
    brand: p.brand,
    category: p.category,
    barcode: p.barcode,
    source_updated_at: p.sourceUpdatedAt,
  }));
  if (rows.length === 0) return 0;
  await lockIntegrationNames(tx, target.integrationId, 'master-data');
  const written = await rawQuery<{ code: string }>(
    tx,
    `insert into products (id, organization_id, integration_id, source_id, code, name, base_unit, conversions, brand,
                           category, barcode, source_updated_at, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, t.source_id, t.code, t.name, t.base_unit, t.conversions, t.brand,
            t.category, t.barcode, t.source_updated_at, now(), now()
       from json_to_recordset($3::json)
            as t(source_id text, code text, name text, base_unit text, conversions jsonb, brand text, category text,
                 barcode text, source_updated_at timestamptz)
     on conflict (integration_id, source_id) do update set
       code = excluded.code, name = excluded.name, base_unit = excluded.base_unit, conversions = excluded.conversions,
       brand = excluded.brand, category = excluded.category, barcode = excluded.barcode,
       source_updated_at = excluded.source_updated_at, updated_at = now()
     where products.source_updated_at ${opts.sameVersionReplaces ? '<=' : '<'} excluded.source_updated_at
     returning code`,
    target.organizationId,
    target.integrationId,
    JSON.stringify(rows),
  );
  await fillDocumentNames(tx, target, { products: [...new Set(written.map((r) => r.code))] });
  return written.length;
}
