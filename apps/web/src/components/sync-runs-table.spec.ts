import type { SyncRun } from '@portal/contracts';
import i18next from 'i18next';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client';
import en from '../locales/en.json';
import id from '../locales/id.json';
import { SyncRunsTable, type SyncRunsTableProps } from './sync-runs-table';
import { ListState } from './ui/list-state';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ lng: 'id', resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
});
const html = (el: ReactElement) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, el));
/** The visible text of the markup, tags dropped. */
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const run = (over: Partial<SyncRun>): SyncRun =>
  ({
    id: 'r1',
    integrationId: 'i1',
    documentType: 'SALES_ORDER',
    masterDataKind: null,
    trigger: 'INITIAL',
    status: 'SUCCEEDED',
    attempt: 1,
    pages: 3,
    recordsRead: 1200,
    recordsUpserted: 1195,
    recordsQuarantined: 5,
    error: null,
    errorCode: null,
    errorParams: null,
    startedAt: '2026-11-25T01:52:00.000Z',
    finishedAt: '2026-11-25T01:53:00.000Z',
    ...over,
  }) as SyncRun;

const props = (over: Partial<SyncRunsTableProps> = {}): SyncRunsTableProps => ({
  runs: [
    run({}),
    run({
      id: 'r2',
      status: 'FAILED',
      trigger: 'RETRY',
      attempt: 2,
      error: 'DMS answered 503',
      errorCode: 'SOURCE_UNAVAILABLE',
      errorParams: { source: 'DMS', status: 503 },
      recordsQuarantined: 0,
    }),
  ],
  testId: 'sync-runs',
  onRetry: () => {},
  retryingId: null,
  retryError: null,
  ...over,
});

describe('SyncRunsTable (shared by the distributor and the platform admin)', () => {
  it('names master-data runs Pelanggan / Produk and says when the DMS offers no master data, without an error state', async () => {
    const runs = [
      run({ id: 'c1', documentType: null, masterDataKind: 'CUSTOMER', recordsQuarantined: 0 }),
      run({
        id: 'p1',
        documentType: null,
        masterDataKind: 'PRODUCT',
        recordsRead: 0,
        recordsUpserted: 0,
        recordsQuarantined: 0,
        error: 'The DMS offers no products (master data is optional in its contract)',
        errorCode: 'MASTER_DATA_NOT_OFFERED',
        errorParams: { source: 'DMS', kind: 'PRODUCT' },
      }),
    ];
    const out = html(createElement(SyncRunsTable, props({ runs })));
    expect(out).toContain('data-run-stream="CUSTOMER"');
    const shown = text(out);
    expect(shown).toContain('Pelanggan');
    expect(shown).toContain('Produk');
    expect(shown).toContain('DMS ini tidak menyediakan data master');
    expect(out).not.toContain('data-run-status="FAILED"');
    await i18n.changeLanguage('en');
    try {
      const english = text(html(createElement(SyncRunsTable, props({ runs }))));
      expect(english).toContain('Customers');
      expect(english).toContain('This DMS offers no master data');
    } finally {
      await i18n.changeLanguage('id');
    }
  });

  it('shows each run in Bahasa Indonesia with Indonesian numbers and its status for the browser tests', () => {
    const out = html(createElement(SyncRunsTable, props()));
    expect(out).toContain('data-testid="sync-runs"');
    expect(out).toContain('data-run-status="SUCCEEDED"');
    expect(out).toContain('data-run-status="FAILED"');
    const shown = text(out);
    expect(shown).toContain('Sales Order');
    expect(shown).toContain('Berhasil');
    expect(shown).toContain('1.200'); // records read, grouped the Indonesian way
    expect(shown).toContain('percobaan ke-2');
    // The error in Bahasa Indonesia from its code, the English detail kept beneath for support.
    expect(shown).toContain('DMS tidak dapat dihubungi (HTTP 503)');
    expect(shown).toContain('DMS answered 503');
    expect(out).toContain('data-error-code="SOURCE_UNAVAILABLE"');
  });

  it('offers Retry only on the FAILED run, and marks the one being retried busy', () => {
    const out = html(createElement(SyncRunsTable, props({ retryingId: 'r2' })));
    expect(out.match(/Coba ulang<\/button>/g)).toHaveLength(1);
    expect(out).toMatch(/aria-busy="true"[^>]*>Coba ulang<\/button>/);
  });

  it('offers to unfold only the runs the caller says have something to show', () => {
    const expansion = { has: (r: SyncRun) => r.recordsQuarantined > 0, render: () => 'detail', showLabel: 'Lihat karantina', hideLabel: 'Tutup karantina' };
    expect(text(html(createElement(SyncRunsTable, props({ expansion })))).match(/Lihat karantina/g)).toHaveLength(1);
    expect(html(createElement(SyncRunsTable, props()))).not.toContain('Lihat karantina');
  });

  it('shows a refused retry by its error code in Bahasa Indonesia, not the API English or zod issue text', () => {
    const refused = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request params', [
      { path: 'params.runId', code: 'invalid_format', message: 'Invalid UUID' },
    ]);
    const shown = text(html(createElement(SyncRunsTable, props({ retryError: refused }))));
    expect(shown).toContain('Periksa kembali isian Anda.');
    expect(shown).not.toMatch(/Invalid request|Invalid UUID/);
  });

  it('says how long each finished run took, and nothing yet for one under way', () => {
    const runs = [
      run({ finishedAt: '2026-11-25T01:53:05.000Z' }),
      run({ id: 'r2', startedAt: '2026-11-25T01:52:00.000Z', finishedAt: '2026-11-25T01:52:42.000Z' }),
      run({ id: 'r3', startedAt: '2026-11-25T01:00:00.000Z', finishedAt: '2026-11-25T03:05:00.000Z' }),
      run({ id: 'r4', status: 'RUNNING', finishedAt: null }),
    ];
    const rows = html(createElement(SyncRunsTable, props({ runs })))
      .split('<tr data-run-status=')
      .slice(1)
      .map(text);
    expect(rows[0]).toContain('1 mnt 5 dtk');
    expect(rows[1]).toContain('42 dtk');
    expect(rows[2]).toContain('2 jam 5 mnt');
    expect(rows[3]).not.toMatch(/dtk|mnt/);
  });
});

describe('ListState', () => {
  const markup = (query: Parameters<typeof ListState<string>>[0]['query']) =>
    html(createElement(ListState<string>, { query, empty: 'Belum ada sinkronisasi.', children: (rows: string[]) => rows.join(', ') }));
  const list = (query: Parameters<typeof ListState<string>>[0]['query']) => text(markup(query));

  it('says it is loading, then either that there is nothing or the rows', () => {
    // A placeholder while loading, announced to screen readers as loading.
    expect(markup({ error: null })).toMatch(/role="status" aria-busy="true"/);
    expect(list({ error: null })).toContain('Memuat…');
    expect(list({ error: null, data: { data: [] } })).toContain('Belum ada sinkronisasi.');
    expect(list({ error: null, data: { data: ['a', 'b'] } })).toContain('a, b');
  });

  it('shows a failed load as an error instead of loading forever, and keeps rows already shown', () => {
    const failed = list({ error: new Error('boom') });
    expect(markup({ error: new Error('boom') })).not.toContain('Memuat…');
    expect(failed).toContain('Terjadi kesalahan di sisi kami');
    expect(list({ error: new Error('boom'), data: { data: ['a'] } })).toContain('a');
  });

  it('offers Retry beside a failed load when the list can refetch', () => {
    expect(markup({ error: new Error('boom'), refetch: () => undefined })).toMatch(/<button[^>]*>Coba lagi<\/button>/);
    expect(markup({ error: new Error('boom') })).not.toContain('<button');
  });
});
