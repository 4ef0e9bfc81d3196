import { Injectable } from '@nestjs/common';
import type { DocumentChange, DocumentChanges, DocumentChangesQuery } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { decodeChangeCursor, encodeChangeCursor, FEED_START } from '../../common/keyset-cursor';
import { OrganizationsService } from '../organizations/organizations.service';
import { DocumentChangesRepository } from './document-changes.repository';
import { lineOut, toSummary } from './document-shape';
import { DocumentsService } from './documents.service';

/**
 * The changes feed (docs/product/api-keys-and-audit.md): every document the
 * caller may see, each once at its latest change, as UPSERT (with its lines)
 * or DELETE (deleted at source, integration deleted, or out of the caller's
 * scope). The positions and why resuming never skips or repeats a change:
 * migration `*_document_changes`.
 */
@Injectable()
export class DocumentChangesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: DocumentChangesRepository,
    private readonly documents: DocumentsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async page(caller: Tenant, q: DocumentChangesQuery): Promise<DocumentChanges> {
    const after = q.after ? decodeChangeCursor(q.after) : FEED_START;
    return this.db.readAsOrg(
      caller.organization.id,
      async (tx) => {
        const orgIds = await this.documents.visibleOrganizations(tx, caller);
        const entries = await this.repo.entries(tx, caller.organization.id, orgIds, after, q.limit + 1);
        const page = entries.slice(0, q.limit);
        // An entry superseded by a later one of its document is passed over: the later one is served in its place.
        const served = page.filter((e, i) => e.latest && page.findIndex((o) => o.id === e.id && o.latest) === i);
        const upserts = served.filter((e) => e.kind === 'document' || e.kind === 'entered').map((e) => e.id);
        const rows = upserts.length === 0 ? [] : await this.repo.details(tx, upserts);
        const names = await this.organizations.namesOf(tx, [...new Set(rows.map((r) => r.organizationId))]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        const data = served.map((e): DocumentChange => {
          const row = e.kind === 'document' || e.kind === 'entered' ? byId.get(e.id) : undefined;
          if (row) return { changeType: 'UPSERT', document: { ...toSummary(row, names), lines: row.lines.map(lineOut) } };
          // A document that entered the scope while its deletion was committing: its tombstone says why it is gone.
          return { changeType: 'DELETE', id: e.id, reason: e.reason ?? e.tombstoneReason ?? 'DELETED_AT_SOURCE' };
        });
        const last = page.at(-1) ?? after;
        return { data, nextCursor: encodeChangeCursor(last.xid, last.id), hasMore: entries.length > q.limit };
      },
      { oneSnapshot: true },
    );
  }
}
