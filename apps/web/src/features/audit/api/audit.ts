import { type AdminAuditEventFilters, type AuditEventFilters, endpoints } from '@portal/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { call, endpointUrl } from '../../../lib/endpoint-client';

const PAGE_SIZE = 50;

export const fetchAuditEvents = (f: AuditEventFilters, cursor?: string) => call(endpoints.listAuditEvents, { query: { ...f, limit: PAGE_SIZE, cursor } });
export const auditEventsQueryOptions = (f: AuditEventFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit-events', f],
    queryFn: ({ pageParam }) => fetchAuditEvents(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useAuditEvents = (f: AuditEventFilters) => useInfiniteQuery(auditEventsQueryOptions(f));
export const auditExportUrl = (f: AuditEventFilters) => endpointUrl(endpoints.exportAuditEvents, { query: f });

export const fetchAdminAuditEvents = (f: AdminAuditEventFilters, cursor?: string) =>
  call(endpoints.adminListAuditEvents, { query: { ...f, limit: PAGE_SIZE, cursor } });
export const adminAuditEventsQueryOptions = (f: AdminAuditEventFilters) =>
  infiniteQueryOptions({
    queryKey: ['admin', 'audit-events', f],
    queryFn: ({ pageParam }) => fetchAdminAuditEvents(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useAdminAuditEvents = (f: AdminAuditEventFilters) => useInfiniteQuery(adminAuditEventsQueryOptions(f));
export const adminAuditExportUrl = (f: AdminAuditEventFilters) => endpointUrl(endpoints.adminExportAuditEvents, { query: f });
