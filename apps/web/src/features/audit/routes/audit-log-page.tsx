import type { AuditEventFilters } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/ui';
import { auditExportUrl, useAuditEvents } from '../api/audit';
import { AuditFilters } from '../components/audit-filters';
import { AuditTable } from '../components/audit-table';
import '../audit.css';

/** The organisation's audit log: who did what and when, filterable, exportable as CSV (docs/product/api-keys-and-audit.md). */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditEventFilters>({});
  const events = useAuditEvents(filters);
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <a className="btn btn-secondary" href={auditExportUrl(filters)} download>
            {t('audit.exportCsv')}
          </a>
        }
      />
      <AuditFilters value={filters} onChange={setFilters} />
      <AuditTable query={events} empty={Object.keys(filters).length ? t('audit.emptyFiltered') : t('audit.empty')} />
    </>
  );
}
