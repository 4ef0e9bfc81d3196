import { CUSTOMER_DOCUMENT_TYPES } from '@portal/contracts';
import { rawQuery } from '../raw-query';
import type { OrgTx } from '../tenant-db';

/** The customer document types as SQL literals (constants, never user input). */
export const CUSTOMER_TYPES_SQL = CUSTOMER_DOCUMENT_TYPES.map((t) => `'${t}'`).join(', ');

/**
 * Master data that arrives after the documents: the integration's documents
 * whose party name is missing take the name of its customer with the same
 * code (sales types only: a purchase document's party is a supplier), and
 * lines without a product name that of its product. Only NULL names are
 * filled, so a name the source sent is never replaced. Runs in the master-data
 * page's own transaction, bounded by the page's codes. Returns the documents
 * and lines it named.
 */
export async function fillDocumentNames(
  tx: OrgTx,
  target: { integrationId: string },
  codes: { customers?: string[]; products?: string[] },
): Promise<{ documents: number; lines: number }> {
  let documents = 0;
  let lines = 0;
  if (codes.customers?.length) {
    const rows = await rawQuery<{ id: string }>(
      tx,
      `update documents d set party_name = c.name, updated_at = now()
         from (select distinct on (code) code, name from customers
                where integration_id = $1::uuid and code = any($2::text[])
                order by code, source_updated_at desc) c
        where d.integration_id = $1::uuid and d.party_name is null and d.party_code = c.code
          and d.type in (${CUSTOMER_TYPES_SQL})
       returning d.id`,
      target.integrationId,
      codes.customers,
    );
    documents = rows.length;
  }
  if (codes.products?.length) {
    const rows = await rawQuery<{ document_id: string }>(
      tx,
      `update document_lines l set product_name = p.name
         from (select distinct on (code) code, name from products
                where integration_id = $1::uuid and code = any($2::text[])
                order by code, source_updated_at desc) p
        where l.integration_id = $1::uuid and l.product_name is null and l.product_code = p.code
       returning l.document_id`,
      target.integrationId,
      codes.products,
    );
    lines = rows.length;
  }
  return { documents, lines };
}
