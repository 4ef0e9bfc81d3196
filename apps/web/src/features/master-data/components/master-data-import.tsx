import type { MasterDataSlug } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ImportRowErrors } from '../../../components/import-row-errors';
import { FilePicker } from '../../../components/ui/file-picker';
import { Button, ErrorAlert, Notice, useErrorMessage } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { masterDataTemplateUrl, useImportMasterData } from '../api/master-data';

/** CSV/XLSX import of customers or products into one External integration, with the templates and the file's rejected rows. */
export function MasterDataImport({ integrationId, kind }: { integrationId: string; kind: MasterDataSlug }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportMasterData(integrationId, kind);
  const message = useErrorMessage();
  const result = upload.data;
  const missing = upload.error instanceof ApiError ? (upload.error.details as { missing?: string[] } | undefined)?.missing : undefined;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <div className="card" data-testid="master-data-import">
      <h3>{t(`masterData.import.title.${kind}`)}</h3>
      <p className="small">{t(`masterData.import.hint.${kind}`)}</p>
      <p className="small">
        <a href={masterDataTemplateUrl(kind, 'csv')} download>
          {t('externalImport.templateCsv')}
        </a>
        {' · '}
        <a href={masterDataTemplateUrl(kind, 'xlsx')} download>
          {t('externalImport.templateXlsx')}
        </a>
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (file)
            upload.mutate(file, {
              onSuccess: (r) =>
                r.errors.length ? toast.warning(t('externalImport.doneWithErrors', { count: r.errors.length })) : toast.success(t('externalImport.done')),
              onError: (err) => toast.error(message(err)),
            });
        }}
      >
        <FilePicker
          label={t('externalImport.file')}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(picked) => {
            setFile(picked);
            upload.reset();
          }}
        />
        <Button type="submit" disabled={!file} busy={upload.isPending}>
          {upload.isPending ? t('externalImport.importing') : t('externalImport.import')}
        </Button>
      </form>
      <ErrorAlert error={upload.error} />
      {missing?.length ? <p className="field-error">{t('externalImport.missingColumns', { columns: missing.join(', ') })}</p> : null}
      {result ? (
        <Notice>
          {t('masterData.import.result', { rows: n(result.rows), records: n(result.records), written: n(result.written), unchanged: n(result.unchanged) })}
        </Notice>
      ) : null}
      {result && result.errors.length > 0 ? <ImportRowErrors errors={result.errors} reasonsKey="masterData.reasons" /> : null}
    </div>
  );
}
