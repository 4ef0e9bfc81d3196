import type { SapServiceStatus, SapTestResponse } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { SapErrorDetail } from '../../../components/sap-error-detail';
import { Badge } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';

const STATUS_TONE: Record<SapServiceStatus, 'ok' | 'warn' | 'error'> = {
  REACHABLE: 'ok',
  CREDENTIALS_REFUSED: 'error',
  SERVICE_MISSING: 'warn',
  UNREACHABLE: 'error',
  MALFORMED: 'error',
};

/**
 * What a connection test found, service by service: reachable (with the
 * fields its metadata names, unfolded on demand), credentials refused,
 * service missing or failing, with SAP's own error when it sent one.
 */
export function SapTestReport({ report }: { report: SapTestResponse }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="section" aria-label={t('sap.reportTitle')} data-testid="sap-test-report" data-ok={report.ok}>
      {report.ok ? (
        <p role="status" className="alert alert-ok">
          {t('sap.testPassed')}
        </p>
      ) : (
        <p role="alert" className="alert alert-error">
          {t('sap.testFailed')}
        </p>
      )}
      <div className="table-scroll">
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('documents.type')}</th>
              <th>{t('sap.service')}</th>
              <th>{t('integrations.state')}</th>
              <th>{t('sap.fieldsFound')}</th>
            </tr>
          </thead>
          <tbody>
            {report.services.map((s) => (
              <tr key={`${s.service}/${s.entitySet}`} data-service={s.service} data-status={s.status}>
                <td>{s.documentType ? t(`docType.${s.documentType}`) : t('sap.partyNames')}</td>
                <td>
                  <code>{s.service}</code>
                  {s.entitySet !== s.service ? <div className="small muted">{s.entitySet}</div> : null}
                </td>
                <td>
                  <Badge tone={STATUS_TONE[s.status]}>{t(`sap.status.${s.status}`)}</Badge>
                  {s.httpStatus !== null ? <div className="small muted">HTTP {s.httpStatus}</div> : null}
                  {s.error ? <SapErrorDetail code={s.error.code} message={s.error.message} transactionId={s.error.transactionId} /> : null}
                </td>
                <td>
                  {s.fields.length ? (
                    <details>
                      <summary data-testid="fields-found">
                        {t('sap.fieldsCount', { count: s.fields.length, formatted: formatNumber(s.fields.length, i18n.language) })}
                      </summary>
                      <table className="table compact small">
                        <thead>
                          <tr>
                            <th>{t('sap.fieldName')}</th>
                            <th>{t('sap.fieldLabel')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {s.fields.map((f) => (
                            <tr key={f.name}>
                              <td>
                                <code>{f.name}</code>
                              </td>
                              {/* SAP's own wording (sap:label): source data, never translated. */}
                              <td translate={f.label ? 'no' : undefined}>{f.label ?? <span className="muted">{t('sap.noLabel')}</span>}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
