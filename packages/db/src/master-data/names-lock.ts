import { rawQuery } from '../raw-query';
import type { OrgTx } from '../tenant-db';

/**
 * Names flow both ways between an integration's documents and its master data
 * (a document written without a name reads the customer's; a customer written
 * later fills the documents without one). Two transactions committing side by
 * side would each miss the other's rows and leave a name empty, so they take
 * this transaction-scoped lock on the integration: document pages share it
 * (they run side by side as before), a master-data page holds it alone and so
 * starts after the document pages in flight have committed, and the pages
 * after it see its rows.
 */
export async function lockIntegrationNames(tx: OrgTx, integrationId: string, mode: 'documents' | 'master-data'): Promise<void> {
  const fn = mode === 'documents' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await rawQuery(tx, `select ${fn}(hashtextextended($1::text, 13))::text`, integrationId);
}
