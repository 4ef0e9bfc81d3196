import { Injectable } from '@nestjs/common';
import type { AcceptSuggestionsBody, ConfirmMappingsBody, ConfirmMappingsResult } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { type MappingWrite, pairKey, ProductMappingsRepository } from './product-mappings.repository';
import { ProductMappingsService } from './product-mappings.service';

/**
 * Changing product mapping (issue 13, docs/product/master-data.md): confirm
 * one or many codes, accept every current suggestion above a score, delete.
 * Only for a distributor CONNECTED now (422 DISTRIBUTOR_NOT_CONNECTED) and a
 * SKU of the principal's own catalogue (422 SKU_NOT_FOUND). Upserted by
 * (distributor, code), so confirming the same again changes nothing and
 * records nothing. Figures read the mapping when asked for: a change shows at once.
 */
@Injectable()
export class MappingConfirmationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ProductMappingsRepository,
    private readonly reads: ProductMappingsService,
    private readonly audit: AuditService,
  ) {}

  confirm(caller: Caller, body: ConfirmMappingsBody): Promise<ConfirmMappingsResult> {
    const principalId = caller.organization.id;
    // The same code twice in one request: the last choice counts (one upsert per key).
    const rows = [...new Map(body.mappings.map((m) => [pairKey(m.distributorId, m.productCode), m])).values()];
    return this.db.runAsOrg(principalId, async (tx) => {
      const connected = new Set(await this.reads.distributors(tx, principalId, undefined));
      const notConnected = rows.find((r) => !connected.has(r.distributorId));
      if (notConnected) {
        throw new AppError(422, 'DISTRIBUTOR_NOT_CONNECTED', 'This distributor is not connected to your organisation', {
          distributorId: notConnected.distributorId,
        });
      }
      const skus = await this.repo.existingSkuIds(tx, principalId, [...new Set(rows.map((r) => r.skuId))]);
      const missing = rows.find((r) => !skus.has(r.skuId));
      if (missing) throw new AppError(422, 'SKU_NOT_FOUND', 'This SKU is not in your catalogue', { skuId: missing.skuId });
      // A hand choice carries no score; a confirmed suggestion keeps its own.
      return this.write(
        tx,
        caller,
        rows.map((r) => ({ ...r, score: r.method === 'MANUAL' ? null : r.score })),
        {},
      );
    });
  }

  acceptSuggestions(caller: Caller, body: AcceptSuggestionsBody): Promise<ConfirmMappingsResult> {
    const principalId = caller.organization.id;
    const minScore = Number(body.minScore);
    return this.db.runAsOrg(principalId, async (tx) => {
      const distributorIds = await this.reads.distributors(tx, principalId, body.distributorId);
      if (body.distributorId !== undefined && distributorIds.length === 0) {
        throw new AppError(422, 'DISTRIBUTOR_NOT_CONNECTED', 'This distributor is not connected to your organisation', { distributorId: body.distributorId });
      }
      const accepted = await this.reads.currentSuggestions(tx, principalId, distributorIds, minScore);
      const rows = accepted.map((a) => ({
        distributorId: a.distributorId,
        productCode: a.productCode,
        skuId: a.suggestion.sku.id,
        method: a.suggestion.method,
        score: a.suggestion.score,
      }));
      return this.write(tx, caller, rows, { bulk: true, minScore: body.minScore, ...(body.distributorId ? { distributorId: body.distributorId } : {}) });
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.repo.find(tx, id);
      if (!row) throw AppError.notFound('Product mapping');
      await this.repo.delete(tx, id);
      await this.audit.recordBy(tx, caller, {
        action: 'product_mapping.deleted',
        targetType: 'product_mapping',
        targetId: id,
        metadata: {
          distributorId: row.distributorId,
          productCode: row.productCode,
          skuId: row.skuId,
          skuCode: row.sku.code,
          method: row.method,
          score: row.score?.toString() ?? null,
        },
      });
    });
  }

  /** Upserts and, when anything changed, one audit row with the count and the method(s). */
  private async write(tx: OrgTx, caller: Caller, rows: MappingWrite[], extra: Record<string, unknown>): Promise<ConfirmMappingsResult> {
    const { created, updated } = await this.repo.upsert(tx, caller.organization.id, caller.user.id, rows);
    const result = { created, updated, unchanged: rows.length - created - updated };
    if (created + updated === 0) return result;
    const methods = [...new Set(rows.map((r) => r.method))].sort();
    const distributors = [...new Set(rows.map((r) => r.distributorId))];
    await this.audit.recordBy(tx, caller, {
      action: 'product_mapping.confirmed',
      // The target is the distributor whose codes were mapped (the principal itself when a batch spans several).
      targetType: distributors.length === 1 ? 'distributor' : 'organization',
      targetId: distributors.length === 1 ? distributors[0]! : caller.organization.id,
      metadata: {
        count: created + updated,
        ...result,
        method: methods.length === 1 ? methods[0] : 'MIXED',
        methods,
        ...extra,
        // What was confirmed, bounded so a bulk acceptance stays a readable row.
        mappings: rows.slice(0, 50).map((r) => ({ distributorId: r.distributorId, productCode: r.productCode, skuId: r.skuId, method: r.method })),
      },
    });
    return result;
  }
}
