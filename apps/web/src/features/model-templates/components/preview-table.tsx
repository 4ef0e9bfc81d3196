import type { TemplatePreview } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/ui';
import { formatDate, formatMoney } from '../../../lib/format';

/** What unsaved rules made of live DMS records: the canonical document, or why the record would be quarantined. */
export function PreviewTable({ preview }: { preview: TemplatePreview }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="template-preview">
      <p>
        <Badge tone="ok">{t('templates.mapped', { count: preview.mapped })}</Badge>{' '}
        {preview.failed ? <Badge tone="error">{t('templates.failed', { count: preview.failed })}</Badge> : null}
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('templates.sourceId')}</th>
            <th>{t('templates.result')}</th>
            <th>{t('templates.col.number')}</th>
            <th>{t('templates.col.date')}</th>
            <th>{t('templates.col.partyName')}</th>
            <th>{t('templates.col.status')}</th>
            <th className="num">{t('templates.col.total')}</th>
            <th className="num">{t('templates.lines')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.results.map((r, i) =>
            r.ok ? (
              <tr key={`${r.sourceId ?? ''}${i}`}>
                <td>
                  <code>{r.sourceId}</code>
                </td>
                <td>
                  <Badge tone="ok">{t('templates.ok')}</Badge>
                </td>
                <td>{r.document.number}</td>
                <td>{formatDate(r.document.date, i18n.language)}</td>
                <td>{r.document.partyName ?? '—'}</td>
                <td data-testid="preview-status">{r.document.status ?? '—'}</td>
                <td className="num">{formatMoney(r.document.total, i18n.language, r.document.currency)}</td>
                <td className="num">
                  <details>
                    <summary>{r.document.lines.length}</summary>
                    <pre className="json small">{JSON.stringify(r.document.lines, null, 1)}</pre>
                  </details>
                </td>
              </tr>
            ) : (
              <tr key={`${r.sourceId ?? ''}${i}`}>
                <td>
                  <code>{r.sourceId ?? '—'}</code>
                </td>
                <td>
                  <Badge tone="error">{t('templates.quarantined')}</Badge>
                </td>
                <td colSpan={6} className="field-error" data-testid="preview-reason">
                  {r.reason}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
