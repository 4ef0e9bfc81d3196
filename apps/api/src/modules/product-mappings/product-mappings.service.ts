import { Injectable } from '@nestjs/common';
import { type MappingList, type MappingSuggestion, type MappingSummary, type MappingsQuery, NAME_SUGGESTION_MIN_SCORE } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import type { Tenant } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { ConnectionsService } from '../connections/connections.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { decodeMappingCursor, encodeMappingCursor, salesSince, suggestionsByPair, toMappingRow } from './mapping-rows';
import { type MappingCandidate, type MappingKeyset, pairKey, ProductMappingsRepository } from './product-mappings.repository';

/**
 * Reading product mapping (issue 13, docs/product/master-data.md): the
 * connected distributors' product codes with their mapping or best
 * suggestion, and the per-distributor counts. Only CONNECTED distributors are
 * read (a revoked one's codes and mappings disappear at once); row-level
 * security narrows lines and master data to what the connection grants.
 */
@Injectable()
export class ProductMappingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ProductMappingsRepository,
    private readonly connections: ConnectionsService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {}

  list(tenant: Tenant, q: MappingsQuery): Promise<MappingList> {
    const after = q.cursor ? decodeMappingCursor(q.cursor) : null;
    const principalId = tenant.organization.id;
    return this.db.readAsOrg(principalId, async (tx) => {
      const distributorIds = await this.distributors(tx, principalId, q.distributorId);
      const rows = await this.page(tx, principalId, distributorIds, q, after, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const { lines, suggestions } = await this.describe(tx, principalId, page, NAME_SUGGESTION_MIN_SCORE);
      const distributors = await this.organizations.namesOf(tx, [...new Set(page.map((r) => r.distributorId))]);
      const last = page.at(-1);
      return {
        data: page.map((r) => toMappingRow(r, { distributors, lines }, suggestions.get(pairKey(r.distributorId, r.productCode)))),
        nextCursor: rows.length > q.limit && last ? encodeMappingCursor(last) : null,
      };
    });
  }

  summary(tenant: Tenant): Promise<MappingSummary> {
    const principalId = tenant.organization.id;
    return this.db.readAsOrg(principalId, async (tx) => {
      const distributorIds = await this.distributors(tx, principalId, undefined);
      const rows = await this.page(tx, principalId, distributorIds, { status: 'all' }, null, null);
      const { suggestions } = await this.describe(tx, principalId, rows, NAME_SUGGESTION_MIN_SCORE);
      const names = await this.organizations.namesOf(tx, distributorIds);
      return {
        distributors: distributorIds
          .map((id) => {
            const own = rows.filter((r) => r.distributorId === id);
            return {
              distributorId: id,
              distributorName: names.get(id) ?? '',
              products: own.length,
              mapped: own.filter((r) => r.mappingId).length,
              suggested: own.filter((r) => !r.mappingId && suggestions.has(pairKey(r.distributorId, r.productCode))).length,
            };
          })
          .sort((a, b) => a.distributorName.localeCompare(b.distributorName) || a.distributorId.localeCompare(b.distributorId)),
      };
    });
  }

  /**
   * Every unmapped code's current suggestion at or above `minScore` (never
   * below the name threshold), inside the caller's transaction: what
   * accepting suggestions in bulk confirms.
   */
  async currentSuggestions(tx: OrgTx, principalId: string, distributorIds: string[], minScore: number) {
    const rows = await this.page(tx, principalId, distributorIds, { status: 'unmapped' }, null, null);
    const { suggestions } = await this.describe(tx, principalId, rows, Math.max(minScore, NAME_SUGGESTION_MIN_SCORE));
    return rows.flatMap((r) => {
      const s = suggestions.get(pairKey(r.distributorId, r.productCode));
      return s && Number(s.score) >= minScore ? [{ distributorId: r.distributorId, productCode: r.productCode, suggestion: s }] : [];
    });
  }

  /** The principal's CONNECTED distributors, or the one asked for if it is one of them (none otherwise: invisible, not an error). */
  async distributors(tx: OrgTx, principalId: string, only: string | undefined): Promise<string[]> {
    const connected = await this.connections.connectedDistributorIds(tx, principalId);
    return only === undefined ? connected : connected.filter((id) => id === only);
  }

  private page(
    tx: OrgTx,
    principalId: string,
    distributorIds: string[],
    q: Pick<MappingsQuery, 'status'> & { q?: string | undefined },
    after: MappingKeyset | null,
    take: number | null,
  ) {
    return this.repo.candidates(tx, principalId, distributorIds, { status: q.status, q: q.q, since: salesSince(this.clock.now()) }, after, take);
  }

  /** Names from lines for codes without master data, then the suggestions of the unmapped ones (two set-based queries). */
  private async describe(tx: OrgTx, principalId: string, rows: MappingCandidate[], minScore: number) {
    const lines = await this.repo.lineNames(
      tx,
      rows.filter((r) => r.productName === null),
    );
    const unmapped = rows
      .filter((r) => !r.mappingId)
      .map((r) => ({
        distributorId: r.distributorId,
        productCode: r.productCode,
        name: r.productName ?? lines.get(pairKey(r.distributorId, r.productCode)) ?? null,
        barcode: r.barcode,
      }));
    const suggestions: Map<string, MappingSuggestion> = suggestionsByPair(await this.repo.suggestions(tx, principalId, unmapped, minScore));
    return { lines, suggestions };
  }
}
