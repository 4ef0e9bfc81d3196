import { useTranslation } from 'react-i18next';
import { FileImportForm } from '../../../components/file-import-form';
import { formatNumber } from '../../../lib/format';
import { importTemplateUrl, useImportDocuments } from '../api/import';

/** CSV/XLSX import into an External integration, with the file's rejected rows explained. */
export function ImportDocuments({ integrationId, disabled }: { integrationId: string; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <FileImportForm
      testId="import-documents"
      intro={<p className="small">{t('externalImport.hint')}</p>}
      templateUrl={importTemplateUrl}
      upload={useImportDocuments(integrationId)}
      summary={(r) => t('externalImport.result', { rows: n(r.rows), documents: n(r.documents), written: n(r.written), unchanged: n(r.unchanged) })}
      reasonsKey="externalImport.reasons"
      disabled={disabled}
      disabledNote={t('externalImport.disabled')}
    />
  );
}
