import type { MasterDataSlug } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { FileImportForm } from '../../../components/file-import-form';
import { formatNumber } from '../../../lib/format';
import { masterDataTemplateUrl, useImportMasterData } from '../api/master-data';

/** CSV/XLSX import of customers or products into one External integration, with the templates and the file's rejected rows. */
export function MasterDataImport({ integrationId, kind }: { integrationId: string; kind: MasterDataSlug }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <FileImportForm
      testId="master-data-import"
      intro={
        <>
          <h3>{t(`masterData.import.title.${kind}`)}</h3>
          <p className="small">{t(`masterData.import.hint.${kind}`)}</p>
        </>
      }
      templateUrl={(format) => masterDataTemplateUrl(kind, format)}
      upload={useImportMasterData(integrationId, kind)}
      summary={(r) => t('masterData.import.result', { rows: n(r.rows), records: n(r.records), written: n(r.written), unchanged: n(r.unchanged) })}
      reasonsKey="masterData.reasons"
    />
  );
}
