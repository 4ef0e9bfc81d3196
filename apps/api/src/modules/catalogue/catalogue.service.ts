import { Injectable } from '@nestjs/common';
import {
  baseUnitRefusal,
  type CreateSkuBody,
  type PrincipalSku,
  type SkuFacets,
  type SkusQuery,
  type UnitConversion,
  type UpdateSkuBody,
  unitKey,
} from '@portal/contracts';
import { isUniqueViolation, type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Actor, Tenant } from '../../common/auth.decorators';
import { decodeSortCursor, encodeSortCursor } from '../../common/keyset-cursor';
import { AuditService } from '../audit/audit.service';
import { CatalogueRepository, type SkuData, type SkuRow } from './catalogue.repository';

/** The database's rule behind "this code is taken" (migration `*_master_data`). */
export const SKU_CODE_UNIQUE = 'principal_skus_organization_id_code_key';
const SORT = 'code';

/**
 * The principal's SKU catalogue (docs/product/master-data.md): list, search
 * and facets for every role; add, change and delete for `catalogue:manage`,
 * each audited in its own transaction. Codes are unique per principal (409
 * SKU_CODE_TAKEN); unit names are stored as `unitKey` writes them (PCS, not
 * " pcs"), factors without padding zeros.
 */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: CatalogueRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenant: Tenant, q: SkusQuery) {
    const after = q.cursor ? decodeSortCursor(q.cursor, SORT, 'text') : null;
    if (after && after.value === null) throw new AppError(400, 'INVALID_CURSOR', 'This page link is not valid; start again from the first page');
    const rows = await this.db.readAsOrg(tenant.organization.id, (tx) =>
      this.repo.page(tx, tenant.organization.id, q, after ? { code: after.value as string, id: after.id } : null, q.limit + 1),
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(toSku), nextCursor: rows.length > q.limit && last ? encodeSortCursor(SORT, last.code, last.id) : null };
  }

  get(tenant: Tenant, id: string): Promise<PrincipalSku> {
    return this.db.readAsOrg(tenant.organization.id, async (tx) => toSku(await this.mustFind(tx, id)));
  }

  facets(tenant: Tenant): Promise<SkuFacets> {
    return this.db.readAsOrg(tenant.organization.id, (tx) => this.repo.facets(tx, tenant.organization.id));
  }

  async create(actor: Actor, body: CreateSkuBody): Promise<PrincipalSku> {
    const organizationId = actor.organization.id;
    return this.codeTaken(body.code, () =>
      this.db.runAsOrg(organizationId, async (tx) => {
        const row = await this.repo.create(tx, organizationId, skuData(body));
        await this.audit.recordByActor(tx, actor, { action: 'sku.created', targetType: 'principal_sku', targetId: row.id, metadata: editable(row) });
        return toSku(row);
      }),
    );
  }

  async update(actor: Actor, id: string, body: UpdateSkuBody): Promise<PrincipalSku> {
    return this.codeTaken(body.code ?? '', () =>
      this.db.runAsOrg(actor.organization.id, async (tx) => {
        const before = await this.mustFind(tx, id);
        const merged = { ...editable(before), ...stripUndefined(body) } as CreateSkuBody;
        // The body alone may change only one side (a new base unit that a conversion already names).
        const refusal = baseUnitRefusal(merged.baseUnit, merged.conversions);
        if (refusal) throw new AppError(400, 'VALIDATION_FAILED', refusal, [{ path: 'body.conversions', code: 'custom', message: refusal }]);
        const after = await this.repo.update(tx, id, skuData(merged));
        await this.audit.recordByActor(tx, actor, {
          action: 'sku.updated',
          targetType: 'principal_sku',
          targetId: id,
          before: editable(before),
          after: editable(after),
        });
        return toSku(after);
      }),
    );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.runAsOrg(actor.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      await this.repo.delete(tx, id);
      await this.audit.recordByActor(tx, actor, { action: 'sku.deleted', targetType: 'principal_sku', targetId: id, metadata: editable(row) });
    });
  }

  private async mustFind(tx: OrgTx, id: string): Promise<SkuRow> {
    const row = await this.repo.find(tx, id);
    if (!row) throw AppError.notFound('SKU');
    return row;
  }

  /** The unique index is the rule (two requests at once cannot both take a code); its violation becomes 409. */
  private async codeTaken<T>(code: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err, SKU_CODE_UNIQUE) || isUniqueViolation(err, ['organization_id', 'code'])) {
        throw new AppError(409, 'SKU_CODE_TAKEN', `Another SKU already has the code ${code}`, { code });
      }
      throw err;
    }
  }
}

/** `012.50` → `12.5`: one spelling per factor, so an unchanged import row is recognised as unchanged. */
export function canonicalFactor(factor: string): string {
  const [whole = '0', frac = ''] = factor.trim().split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

export function skuData(body: CreateSkuBody): SkuData {
  return {
    code: body.code,
    name: body.name,
    brand: body.brand,
    category: body.category,
    baseUnit: unitKey(body.baseUnit),
    conversions: body.conversions.map((c) => ({ unit: unitKey(c.unit), factor: canonicalFactor(c.factor) })),
    barcode: body.barcode,
  };
}

/** What a user edits, as the audit trail records it. */
export function editable(row: SkuRow) {
  return {
    code: row.code,
    name: row.name,
    brand: row.brand,
    category: row.category,
    baseUnit: row.baseUnit,
    conversions: row.conversions as unknown as UnitConversion[],
    barcode: row.barcode,
  };
}

export function toSku(row: SkuRow): PrincipalSku {
  return { ...editable(row), id: row.id, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
