import type { z } from 'zod';
import { loginBody, meResponse, registerBody, sessionOrganization } from './auth';
import { errorEnvelope, uuidParam } from './common';
import { healthResponse } from './health';
import { acceptInviteBody, connectionHistory, connectionItem, connectionList, inviteCreated, invitePreview, inviteToken } from './connections';
import { modelTemplateDetail, modelTemplateList, previewTemplateBody, saveTemplateVersionBody, templatePreview } from './model-templates';
import { importParams, importResult, importTemplateQuery, ingestBodyDocumented, ingestParams, ingestResult } from './ingest';
import { documentDetail, documentExportQuery, documentList, documentSeries, documentSeriesQuery, documentsQuery } from './documents';
import {
  adminIntegration,
  adminIntegrationList,
  adminIntegrationsQuery,
  createIntegrationBody,
  createIntegrationResponse,
  integration,
  integrationList,
  quarantinedRecordList,
  quarantineQuery,
  setAccessKeyBody,
  syncNowBody,
  syncNowResponse,
  syncRunList,
  syncRunParams,
  syncRunsQuery,
} from './integrations';

/**
 * Every HTTP endpoint once: method, path, inputs and responses. The API
 * validates with these schemas, the SPA types its calls with them and the
 * OpenAPI document is generated from this table.
 */
export interface EndpointDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'session' | 'apiKey';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Set when the body is not JSON (file uploads); `body` is then left out. */
  bodyContentType?: 'multipart/form-data';
  responses: Record<number, z.ZodType | null>;
}

const e = <T extends EndpointDef>(def: T) => def;

export const endpoints = {
  register: e({
    method: 'POST', path: '/api/auth/register', tag: 'auth', auth: 'none',
    summary: 'Create an organisation and its owner, and sign in',
    body: registerBody, responses: { 201: meResponse, 400: errorEnvelope, 409: errorEnvelope },
  }),
  login: e({
    method: 'POST', path: '/api/auth/login', tag: 'auth', auth: 'none',
    summary: 'Sign in with email and password (rate-limited)',
    body: loginBody, responses: { 200: meResponse, 400: errorEnvelope, 401: errorEnvelope, 429: errorEnvelope },
  }),
  logout: e({
    method: 'POST', path: '/api/auth/logout', tag: 'auth', auth: 'session',
    summary: 'End the session', responses: { 204: null },
  }),
  me: e({
    method: 'GET', path: '/api/auth/me', tag: 'auth', auth: 'session',
    summary: 'The signed-in user and organisation', responses: { 200: meResponse, 401: errorEnvelope },
  }),
  organization: e({
    method: 'GET', path: '/api/organizations/:id', tag: 'organizations', auth: 'session',
    summary: 'An organisation visible to the caller (its own, or a connected one)',
    params: uuidParam, responses: { 200: sessionOrganization, 404: errorEnvelope },
  }),
  listIntegrations: e({
    method: 'GET', path: '/api/integrations', tag: 'integrations', auth: 'session',
    summary: "The distributor's integrations with state, last sync and document counts",
    responses: { 200: integrationList, 401: errorEnvelope, 403: errorEnvelope },
  }),
  createIntegration: e({
    method: 'POST', path: '/api/integrations', tag: 'integrations', auth: 'session',
    summary: 'Connect an integration: EXTERNAL at once (with its ingestion API key, shown once), DMS awaiting its AccessKey',
    body: createIntegrationBody,
    responses: { 201: createIntegrationResponse, 400: errorEnvelope, 409: errorEnvelope, 501: errorEnvelope },
  }),
  getIntegration: e({
    method: 'GET', path: '/api/integrations/:id', tag: 'integrations', auth: 'session',
    summary: 'One integration', params: uuidParam, responses: { 200: integration, 404: errorEnvelope },
  }),
  deleteIntegration: e({
    method: 'DELETE', path: '/api/integrations/:id', tag: 'integrations', auth: 'session',
    summary: 'Delete an integration and its consolidated documents', params: uuidParam, responses: { 204: null, 404: errorEnvelope },
  }),
  disableIntegration: e({
    method: 'POST', path: '/api/integrations/:id/disable', tag: 'integrations', auth: 'session',
    summary: 'Stop syncing an integration', params: uuidParam, responses: { 200: integration, 404: errorEnvelope },
  }),
  enableIntegration: e({
    method: 'POST', path: '/api/integrations/:id/enable', tag: 'integrations', auth: 'session',
    summary: 'Resume a disabled integration', params: uuidParam, responses: { 200: integration, 404: errorEnvelope },
  }),
  syncIntegration: e({
    method: 'POST', path: '/api/integrations/:id/sync', tag: 'integrations', auth: 'session',
    summary: 'Sync now (incremental) or a full backfill', params: uuidParam, body: syncNowBody,
    responses: { 202: syncNowResponse, 404: errorEnvelope, 409: errorEnvelope },
  }),
  listSyncRuns: e({
    method: 'GET', path: '/api/integrations/:id/sync-runs', tag: 'integrations', auth: 'session',
    summary: 'Sync runs, newest first (keyset pagination)', params: uuidParam, query: syncRunsQuery,
    responses: { 200: syncRunList, 404: errorEnvelope },
  }),
  listQuarantine: e({
    method: 'GET', path: '/api/integrations/:id/sync-runs/:runId/quarantine', tag: 'integrations', auth: 'session',
    summary: "A run's quarantined source records with the reason each failed its template",
    params: syncRunParams, query: quarantineQuery, responses: { 200: quarantinedRecordList, 404: errorEnvelope },
  }),
  retrySyncRun: e({
    method: 'POST', path: '/api/integrations/:id/sync-runs/:runId/retry', tag: 'integrations', auth: 'session',
    summary: 'Retry a FAILED run: a new RETRY run of the same document type, resuming from the last committed page',
    params: syncRunParams, responses: { 202: syncNowResponse, 404: errorEnvelope, 409: errorEnvelope },
  }),
  listModelTemplates: e({
    method: 'GET', path: '/api/integrations/:id/model-templates', tag: 'integrations', auth: 'session',
    summary: 'Current model template per document type', params: uuidParam,
    responses: { 200: modelTemplateList, 404: errorEnvelope },
  }),
  getModelTemplate: e({
    method: 'GET', path: '/api/model-templates/:id', tag: 'model-templates', auth: 'session',
    summary: 'One model template version with its rules and the version history of its document type',
    params: uuidParam, responses: { 200: modelTemplateDetail, 404: errorEnvelope },
  }),
  saveModelTemplateVersion: e({
    method: 'POST', path: '/api/model-templates/:id/versions', tag: 'model-templates', auth: 'session',
    summary: 'Save edited rules as the next version, which becomes current; earlier versions stay',
    params: uuidParam, body: saveTemplateVersionBody,
    responses: { 201: modelTemplateDetail, 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope },
  }),
  previewModelTemplate: e({
    method: 'POST', path: '/api/model-templates/:id/preview', tag: 'model-templates', auth: 'session',
    summary: 'Apply rules to records fetched live from the DMS: the canonical document or the failure reason per record',
    params: uuidParam, body: previewTemplateBody,
    responses: { 200: templatePreview, 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope, 422: errorEnvelope, 424: errorEnvelope },
  }),
  reconsolidateModelTemplate: e({
    method: 'POST', path: '/api/model-templates/:id/reconsolidate', tag: 'model-templates', auth: 'session',
    summary: "Queue a full re-sync of the template's document type with its current version",
    params: uuidParam, responses: { 202: syncNowResponse, 404: errorEnvelope, 409: errorEnvelope },
  }),
  adminListIntegrations: e({
    method: 'GET', path: '/api/admin/integrations', tag: 'admin', auth: 'session',
    summary: 'Every integration with its distributor (platform admins)', query: adminIntegrationsQuery,
    responses: { 200: adminIntegrationList, 403: errorEnvelope },
  }),
  adminListSyncRuns: e({
    method: 'GET', path: '/api/admin/integrations/:id/sync-runs', tag: 'admin', auth: 'session',
    summary: "Any integration's sync runs, newest first (platform admins)", params: uuidParam, query: syncRunsQuery,
    responses: { 200: syncRunList, 403: errorEnvelope, 404: errorEnvelope },
  }),
  adminRetrySyncRun: e({
    method: 'POST', path: '/api/admin/integrations/:id/sync-runs/:runId/retry', tag: 'admin', auth: 'session',
    summary: 'Retry a FAILED run of any integration (platform admins)',
    params: syncRunParams, responses: { 202: syncNowResponse, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope },
  }),
  adminSetAccessKey: e({
    method: 'PUT', path: '/api/admin/integrations/:id/access-key', tag: 'admin', auth: 'session',
    summary: 'Set or rotate a DMS AccessKey: format check, live verification, encrypted storage, templates, first sync',
    params: uuidParam, body: setAccessKeyBody,
    responses: { 200: adminIntegration, 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 422: errorEnvelope, 424: errorEnvelope },
  }),
  listDocuments: e({
    method: 'GET', path: '/api/documents', tag: 'documents', auth: 'session',
    summary: 'Consolidated documents the caller may see: filters, sort, keyset pagination, totals',
    query: documentsQuery, responses: { 200: documentList, 400: errorEnvelope, 403: errorEnvelope },
  }),
  documentSeries: e({
    method: 'GET', path: '/api/documents/series', tag: 'documents', auth: 'session',
    summary: 'Document amounts over time (per day or month, per type)', query: documentSeriesQuery,
    responses: { 200: documentSeries },
  }),
  exportDocuments: e({
    method: 'GET', path: '/api/documents/export', tag: 'documents', auth: 'session',
    summary: 'Stream matching document lines as CSV or XLSX (formula-safe)', query: documentExportQuery,
    responses: { 200: null, 400: errorEnvelope },
  }),
  ingestDocuments: e({
    method: 'POST', path: '/api/ingest/:type', tag: 'ingest', auth: 'apiKey',
    summary: 'External integration: upsert up to 1,000 canonical documents of one type (sales-orders, sales-returns, sales-invoices, purchase-invoices, purchase-orders), keyed by sourceId; invalid documents are rejected one by one (rate-limited per key)',
    params: ingestParams, body: ingestBodyDocumented,
    responses: { 200: ingestResult, 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 413: errorEnvelope, 429: errorEnvelope },
  }),
  importDocuments: e({
    method: 'POST', path: '/api/integrations/:id/import', tag: 'ingest', auth: 'session',
    summary: 'External integration: import documents from one CSV or XLSX file (multipart field `file`, one row per document line); invalid rows are reported per row',
    params: importParams, bodyContentType: 'multipart/form-data',
    responses: { 200: importResult, 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope, 413: errorEnvelope },
  }),
  importTemplate: e({
    method: 'GET', path: '/api/integrations/import-template', tag: 'ingest', auth: 'session',
    summary: 'The import template (CSV or XLSX) with its columns and an example row', query: importTemplateQuery,
    responses: { 200: null },
  }),
  getDocument: e({
    method: 'GET', path: '/api/documents/:id', tag: 'documents', auth: 'session',
    summary: 'One document with its lines', params: uuidParam, responses: { 200: documentDetail, 404: errorEnvelope },
  }),
  createInvite: e({
    method: 'POST', path: '/api/connections/invites', tag: 'connections', auth: 'session',
    summary: 'Principal: create a single-use invite link (returned once)', responses: { 201: inviteCreated, 403: errorEnvelope },
  }),
  cancelInvite: e({
    method: 'POST', path: '/api/connections/invites/:id/cancel', tag: 'connections', auth: 'session',
    summary: 'Principal: cancel a pending invite', params: uuidParam, responses: { 204: null, 404: errorEnvelope, 409: errorEnvelope },
  }),
  listConnections: e({
    method: 'GET', path: '/api/connections', tag: 'connections', auth: 'session',
    summary: "The caller's connections (and, for principals, open invites)", responses: { 200: connectionList },
  }),
  connectionHistory: e({
    method: 'GET', path: '/api/connections/history', tag: 'connections', auth: 'session',
    summary: "The caller's own connection audit history", responses: { 200: connectionHistory },
  }),
  revokeConnection: e({
    method: 'POST', path: '/api/connections/:id/revoke', tag: 'connections', auth: 'session',
    summary: 'Either side ends a connection; takes effect on the next request', params: uuidParam,
    responses: { 204: null, 404: errorEnvelope, 409: errorEnvelope },
  }),
  previewInvite: e({
    method: 'GET', path: '/api/invites/:token', tag: 'connections', auth: 'none',
    summary: 'What an invite asks for (principal, data types)', params: inviteToken,
    responses: { 200: invitePreview, 404: errorEnvelope, 410: errorEnvelope },
  }),
  acceptInvite: e({
    method: 'POST', path: '/api/invites/:token/accept', tag: 'connections', auth: 'session',
    summary: 'Distributor: allow access (optionally limited to some integrations)', params: inviteToken, body: acceptInviteBody,
    responses: { 200: connectionItem, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope, 410: errorEnvelope },
  }),
  declineInvite: e({
    method: 'POST', path: '/api/invites/:token/decline', tag: 'connections', auth: 'session',
    summary: 'Distributor: decline', params: inviteToken, responses: { 200: connectionItem, 404: errorEnvelope, 410: errorEnvelope },
  }),
  health: e({
    method: 'GET', path: '/api/health', tag: 'operations', auth: 'none',
    summary: 'Database, Redis and queue health', responses: { 200: healthResponse, 503: healthResponse },
  }),
  metrics: e({
    method: 'GET', path: '/api/metrics', tag: 'operations', auth: 'none',
    summary: 'Prometheus metrics (text exposition); Bearer METRICS_TOKEN when configured, else loopback only',
    responses: { 200: null, 401: errorEnvelope, 403: errorEnvelope },
  }),
} satisfies Record<string, EndpointDef>;

export type Endpoints = typeof endpoints;
