import type { AdminAuditEventFilters, AuditEventFilters } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, PageHeader } from '../../../components/ui/ui';
import { adminAuditExportUrl, useAdminAuditEvents } from '../api/audit';
import { AuditFilters } from '../components/audit-filters';
import { AuditTable } from '../components/audit-table';
import '../audit.css';

/**
 * Every organisation's audit log (platform admins): the organisation's
 * screen plus an organisation column; an organisation's name filters by it.
 */
export function AdminAuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditEventFilters>({});
  const [organization, setOrganization] = useState<{ id: string; name: string } | null>(null);
  const query: AdminAuditEventFilters = { ...filters, ...(organization ? { organizationId: organization.id } : {}) };
  const events = useAdminAuditEvents(query);
  return (
    <>
      <PageHeader
        title={t('audit.adminTitle')}
        subtitle={t('audit.adminSubtitle')}
        actions={
          <a className="btn btn-secondary" href={adminAuditExportUrl(query)} download>
            {t('audit.exportCsv')}
          </a>
        }
      />
      <AuditFilters
        value={filters}
        onChange={(f) => {
          setFilters(f);
          if (Object.keys(f).length === 0) setOrganization(null);
        }}
        extra={
          organization ? (
            <div className="filter-actions">
              <Button variant="secondary" aria-label={t('audit.clearOrganization', { name: organization.name })} onClick={() => setOrganization(null)}>
                {t('audit.organization')}: {organization.name} ×
              </Button>
            </div>
          ) : null
        }
      />
      <AuditTable
        query={events}
        empty={Object.keys(query).length ? t('audit.emptyFiltered') : t('audit.empty')}
        organization={(e) => (
          <button
            type="button"
            className="link-button"
            title={t('audit.filterByOrganization')}
            onClick={() => setOrganization({ id: e.organizationId, name: e.organizationName })}
          >
            {e.organizationName}
          </button>
        )}
      />
    </>
  );
}
