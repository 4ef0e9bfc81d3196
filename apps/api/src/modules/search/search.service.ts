import { Injectable } from '@nestjs/common';
import type { DocumentSearchKind, SearchItem, SearchQuery, SearchResult } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { ConnectionsService } from '../connections/connections.service';
import { DocumentsService } from '../documents/documents.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { type FoundRow, SearchRepository } from './search.repository';
import { searchTerms } from './search-terms';

/**
 * Search helps (issue 13, docs/product/master-data.md): typeahead over what
 * the caller may see. Scope is row-level security's alone: each search runs
 * as the caller's organisation and names the organisations it reads (its own,
 * or a principal's connected distributors), so a principal finds connected
 * distributors' customers and products within their consent and nothing else.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: SearchRepository,
    private readonly documents: DocumentsService,
    private readonly connections: ConnectionsService,
    private readonly organizations: OrganizationsService,
  ) {}

  search(tenant: Tenant, kind: DocumentSearchKind, q: SearchQuery): Promise<SearchResult> {
    const terms = searchTerms(q.q);
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      await this.repo.useTypoThreshold(tx);
      switch (kind) {
        case 'customers':
        case 'products': {
          const rows = await this.repo.masterData(tx, kind, await this.documents.visibleOrganizations(tx, tenant), terms, q.limit);
          return { data: await this.withDistributors(tx, tenant, rows) };
        }
        case 'suppliers': {
          const rows = await this.repo.suppliers(tx, await this.documents.visibleOrganizations(tx, tenant), terms, q.limit);
          return { data: rows.map((r) => ({ code: r.code, name: r.name })) };
        }
        case 'distributors':
          return { data: await this.distributors(tx, tenant, terms, q.limit) };
      }
    });
  }

  /** The principal's own SKU catalogue (the route admits principals only). */
  skus(tenant: Tenant, q: SearchQuery): Promise<SearchResult> {
    const terms = searchTerms(q.q);
    return this.db.readAsOrg(tenant.organization.id, async (tx) => {
      await this.repo.useTypoThreshold(tx);
      const rows = await this.repo.masterData(tx, 'skus', [tenant.organization.id], terms, q.limit);
      return { data: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, ...(r.detail ? { detail: r.detail } : {}) })) };
    });
  }

  /** A principal's CONNECTED distributors by name; a distributor names no other, so it finds none. */
  private async distributors(tx: OrgTx, tenant: Tenant, terms: ReturnType<typeof searchTerms>, limit: number): Promise<SearchItem[]> {
    if (tenant.organization.kind !== 'PRINCIPAL') return [];
    const ids = await this.connections.connectedDistributorIds(tx, tenant.organization.id);
    const names = await this.organizations.namesOf(tx, ids);
    const ranked = await this.repo.rankNames(
      tx,
      [...names].map(([id, name]) => ({ id, name })),
      terms,
      limit,
    );
    return ranked.map((r) => ({ id: r.id, code: '', name: r.name, distributorId: r.id }));
  }

  /** A principal sees several distributors' rows: the detail names whose each is. */
  private async withDistributors(tx: OrgTx, tenant: Tenant, rows: FoundRow[]): Promise<SearchItem[]> {
    const names = tenant.organization.kind === 'PRINCIPAL' ? await this.organizations.namesOf(tx, [...new Set(rows.map((r) => r.organizationId))]) : null;
    return rows.map((r) => {
      const detail = [r.detail, names?.get(r.organizationId)].filter(Boolean).join(' · ');
      return { id: r.id, code: r.code, name: r.name, ...(detail ? { detail } : {}), distributorId: r.organizationId };
    });
  }
}
