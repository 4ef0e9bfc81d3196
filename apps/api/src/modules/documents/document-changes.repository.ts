import { Injectable } from '@nestjs/common';
import type { DocumentDeleteReason } from '@portal/contracts';
import type { OrgTx } from '@portal/db';
import { documentSelect } from './documents.repository';

/**
 * One entry of the feed at its position (transaction id, document id): the
 * document as it is (`document`), deleted (`tombstone`), or entering or
 * leaving the caller's scope (`entered`, `left`). `latest`: no later committed
 * entry of the same document exists, so this one is served.
 */
export interface ChangeEntry {
  id: string;
  xid: string;
  kind: 'document' | 'tombstone' | 'entered' | 'left';
  reason: DocumentDeleteReason | null;
  tombstoneReason: DocumentDeleteReason | null;
  latest: boolean;
}

/**
 * Database access for the changes feed (migration `*_document_changes` says
 * why positions are transaction ids). Row-level security decides what the
 * caller sees of each source, as for documents; the queries still name the
 * organisations (documents, tombstones) or the principal (scope changes).
 *
 * `horizon` is the reader's snapshot xmin: every transaction below it has
 * finished, every one at or above it may still commit, so only entries below
 * it are served. Run inside one snapshot (REPEATABLE READ) so the entries and
 * the documents read for them agree.
 */
@Injectable()
export class DocumentChangesRepository {
  /** The next `take` entries after `after`, in position order, each marked whether it is its document's latest. */
  entries(tx: OrgTx, principalOrgId: string, orgIds: string[], after: { xid: string; id: string }, take: number) {
    return tx.$queryRaw<ChangeEntry[]>`
      with horizon as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
      candidates as (
        select c.id, c.xid, c.kind, c.reason from (
          (select p.id, p.change_xid as xid, 'document' as kind, null::text as reason
             from unnest(${orgIds}::uuid[]) as o(id)
            cross join lateral (
              select d.id, d.change_xid from documents d
               where d.organization_id = o.id
                 and (d.change_xid, d.id) > (${after.xid}::xid8, ${after.id}::uuid)
                 and d.change_xid < (select xmin from horizon)
               order by d.change_xid, d.id limit ${take}) p)
          union all
          (select p.document_id, p.change_xid, 'tombstone', p.reason
             from unnest(${orgIds}::uuid[]) as o(id)
            cross join lateral (
              select t.document_id, t.change_xid, t.reason from document_tombstones t
               where t.organization_id = o.id
                 and (t.change_xid, t.document_id) > (${after.xid}::xid8, ${after.id}::uuid)
                 and t.change_xid < (select xmin from horizon)
               order by t.change_xid, t.document_id limit ${take}) p)
          union all
          (select s.document_id, s.change_xid, case when s.visible then 'entered' else 'left' end, s.reason
             from document_scope_changes s
            where s.principal_org_id = ${principalOrgId}::uuid
              and (s.change_xid, s.document_id) > (${after.xid}::xid8, ${after.id}::uuid)
              and s.change_xid < (select xmin from horizon)
            order by s.change_xid, s.document_id limit ${take})
        ) c
        order by c.xid, c.id limit ${take})
      select c.id, c.xid::text as xid, c.kind, c.reason,
             (select t.reason from document_tombstones t where t.document_id = c.id) as "tombstoneReason",
             -- Against every committed entry, also those not served yet (at or above the
             -- horizon): a document whose later entry is still held back waits for it
             -- instead of being served now and again then (e.g. a connection accepted
             -- while an older transaction elsewhere is still open).
             c.xid = greatest(
               (select d.change_xid from documents d where d.id = c.id),
               (select t.change_xid from document_tombstones t where t.document_id = c.id),
               (select s.change_xid from document_scope_changes s where s.principal_org_id = ${principalOrgId}::uuid and s.document_id = c.id)
             ) as latest
        from candidates c
       order by c.xid, c.id`;
  }

  /** These documents with their lines, those the caller may see. */
  details(tx: OrgTx, ids: string[]) {
    return tx.document.findMany({ where: { id: { in: ids } }, select: { ...documentSelect, lines: { orderBy: { lineNo: 'asc' } } } });
  }
}
