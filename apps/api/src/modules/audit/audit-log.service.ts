import { PassThrough, type Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  AUDIT_CSV_COLUMNS,
  type AdminAuditEventFilters,
  type AdminAuditEventsQuery,
  type AdminAuditLogEvent,
  type AuditAction,
  type AuditEventFilters,
  type AuditEventsQuery,
  type AuditLogEvent,
} from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { csvCell, startedRows, writeCsv } from '../../common/csv';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
import { OrganizationsService } from '../organizations/organizations.service';
import { type AuditKeyset, type AuditLogRow, type AuditPageFilter, AuditRepository } from './audit.repository';

const EXPORT_BATCH = 1000;

type Page<T> = { data: T[]; nextCursor: string | null };
type Json = Record<string, unknown>;

/**
 * Reading the audit log (docs/product/api-keys-and-audit.md): an
 * organisation its own, newest first in keyset pages or as a CSV file;
 * platform admins every organisation's, through the audited
 * runAsPlatformAdmin path.
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: AuditRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  async list(caller: Caller, q: AuditEventsQuery): Promise<Page<AuditLogEvent>> {
    const { limit, cursor, ...filters } = q;
    const rows = await this.db.readAsOrg(caller.organization.id, (tx) =>
      this.repo.page(tx, { ...pageFilter(filters), organizationId: caller.organization.id }, afterOf(cursor), limit + 1),
    );
    return pageOf(rows, limit, toEvent);
  }

  async adminList(caller: Caller, q: AdminAuditEventsQuery): Promise<Page<AdminAuditLogEvent>> {
    const { limit, cursor, ...filters } = q;
    const { rows, names } = await this.db.runAsPlatformAdmin(actorOf(caller), 'read the audit log', (tx) =>
      this.withNames(tx, this.repo.page(tx, adminPageFilter(filters), afterOf(cursor), limit + 1)),
    );
    return pageOf(rows, limit, (row) => ({ ...toEvent(row), organizationName: names.get(row.organizationId) ?? '' }));
  }

  /** The organisation's log as CSV, streamed a batch at a time; the first batch is read before the answer starts. */
  async export(caller: Caller, filters: AuditEventFilters): Promise<{ stream: Readable; contentType: string; filename: string }> {
    const names = new Map([[caller.organization.id, caller.organization.name]]);
    const batches = this.batches((after) =>
      this.db.readAsOrg(caller.organization.id, async (tx) => ({
        rows: await this.repo.page(tx, { ...pageFilter(filters), organizationId: caller.organization.id }, after, EXPORT_BATCH),
        names,
      })),
    );
    return this.csv(batches, `audit-log-${stamp()}.csv`);
  }

  async adminExport(caller: Caller, filters: AdminAuditEventFilters): Promise<{ stream: Readable; contentType: string; filename: string }> {
    const batches = this.batches((after) =>
      this.db.runAsPlatformAdmin(actorOf(caller), 'export the audit log', (tx) =>
        this.withNames(tx, this.repo.page(tx, adminPageFilter(filters), after, EXPORT_BATCH)),
      ),
    );
    return this.csv(batches, `audit-log-all-${stamp()}.csv`);
  }

  private async withNames(tx: OrgTx, page: Promise<AuditLogRow[]>) {
    const rows = await page;
    return { rows, names: await this.organizations.namesOf(tx, [...new Set(rows.map((r) => r.organizationId))]) };
  }

  private async *batches(read: (after: AuditKeyset | undefined) => Promise<{ rows: AuditLogRow[]; names: Map<string, string> }>) {
    let after: AuditKeyset | undefined;
    for (;;) {
      const batch = await read(after);
      for (const row of batch.rows) yield csvLine(row, batch.names.get(row.organizationId) ?? '');
      const last = batch.rows.at(-1);
      if (!last || batch.rows.length < EXPORT_BATCH) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  private async csv(lines: AsyncGenerator<string[]>, filename: string) {
    const out = new PassThrough();
    const started = await startedRows(lines);
    void writeCsv(out, AUDIT_CSV_COLUMNS, started).catch((err: unknown) => {
      this.logger.error({ err }, 'audit log export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return { stream: out, contentType: 'text/csv; charset=utf-8', filename };
  }
}

const stamp = () => new Date().toISOString().slice(0, 10);

function actorOf(caller: Caller) {
  return { userId: caller.user.id, organizationId: caller.organization.id };
}

function pageFilter(f: AuditEventFilters): AuditPageFilter {
  return {
    ...(f.action ? { actions: f.action } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.from ? { from: new Date(f.from) } : {}),
    ...(f.to ? { to: new Date(f.to) } : {}),
  };
}

function adminPageFilter(f: AdminAuditEventFilters): AuditPageFilter {
  const { organizationId, ...rest } = f;
  return { ...pageFilter(rest), ...(organizationId ? { organizationId } : {}) };
}

function afterOf(cursor: string | undefined): AuditKeyset | undefined {
  if (!cursor) return undefined;
  const { value, id } = decodeCursor(cursor, 'instant');
  return { createdAt: value, id };
}

/** `rows` holds one more than a page when another page follows. */
function pageOf<T>(rows: AuditLogRow[], limit: number, map: (row: AuditLogRow) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null };
}

const jsonObject = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

function toEvent(row: AuditLogRow): AuditLogEvent {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    organizationId: row.organizationId,
    action: row.action as AuditAction,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel, organizationId: row.actorOrgId },
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    metadata: jsonObject(row.metadata) ?? {},
    before: jsonObject(row.before),
    after: jsonObject(row.after),
  };
}

function csvLine(row: AuditLogRow, organizationName: string): string[] {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return [
    row.createdAt.toISOString(),
    row.organizationId,
    organizationName,
    row.action,
    row.actorType,
    row.actorId,
    row.actorLabel,
    row.targetType,
    row.targetId,
    row.requestId,
    json(row.metadata),
    json(row.before),
    json(row.after),
  ].map((v) => csvCell(v));
}
