import { describe, expect, it } from 'vitest';
import { auditEvent } from './connections';
import { DOCUMENT_TYPE_SLUG, documentType, documentTypeOfSlug } from './common';
import { ingestParams } from './ingest';

describe('document type slugs', () => {
  it('names every document type once and maps back to it', () => {
    const slugs = documentType.options.map((t) => DOCUMENT_TYPE_SLUG[t]);
    expect(new Set(slugs).size).toBe(documentType.options.length);
    for (const t of documentType.options) expect(documentTypeOfSlug(DOCUMENT_TYPE_SLUG[t])).toBe(t);
    expect(DOCUMENT_TYPE_SLUG.SALES_ORDER).toBe('sales-orders');
  });

  it('knows no other name', () => {
    expect(documentTypeOfSlug('stock-opname')).toBeUndefined();
    expect(documentTypeOfSlug('SALES_ORDER')).toBeUndefined();
  });

  it('is what the ingest path accepts', () => {
    expect(ingestParams.parse({ type: 'purchase-orders' })).toEqual({ type: 'purchase-orders' });
    expect(ingestParams.safeParse({ type: 'purchase-order' }).success).toBe(false);
  });
});

describe('audit event', () => {
  const event = {
    id: '0b8e2a0e-6f7c-4a52-9a43-8f1b7b0e6c11',
    actorUserId: null,
    actorOrgId: null,
    targetType: 'invite',
    targetId: 'x',
    metadata: {},
    createdAt: '2026-01-02T03:04:05.000Z',
  };
  it('carries a known action only', () => {
    expect(auditEvent.safeParse({ ...event, action: 'connection.invite_expired' }).success).toBe(true);
    expect(auditEvent.safeParse({ ...event, action: 'connection.exploded' }).success).toBe(false);
  });
});
