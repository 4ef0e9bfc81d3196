import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ImportRowErrors } from '../../../components/import-row-errors';
import { FilePicker } from '../../../components/ui/file-picker';
import { Button, ErrorAlert, Notice, useErrorMessage } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { importTemplateUrl, useImportDocuments } from '../api/import';

/** CSV/XLSX import into an External integration, with the file's rejected rows explained. */
export function ImportDocuments({ integrationId, disabled }: { integrationId: string; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportDocuments(integrationId);
  const message = useErrorMessage();
  const result = upload.data;
  const missing = upload.error instanceof ApiError ? (upload.error.details as { missing?: string[] } | undefined)?.missing : undefined;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <div className="card" data-testid="import-documents">
      <p className="small">{t('externalImport.hint')}</p>
      <p className="small">
        <a href={importTemplateUrl('csv')} download>
          {t('externalImport.templateCsv')}
        </a>
        {' · '}
        <a href={importTemplateUrl('xlsx')} download>
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
          disabled={disabled}
          onChange={(picked) => {
            setFile(picked);
            upload.reset();
          }}
        />
        <Button type="submit" disabled={!file || disabled} busy={upload.isPending}>
          {upload.isPending ? t('externalImport.importing') : t('externalImport.import')}
        </Button>
      </form>
      {disabled ? <p className="small">{t('externalImport.disabled')}</p> : null}
      <ErrorAlert error={upload.error} />
      {missing?.length ? <p className="field-error">{t('externalImport.missingColumns', { columns: missing.join(', ') })}</p> : null}
      {result ? (
        <Notice>
          {t('externalImport.result', { rows: n(result.rows), documents: n(result.documents), written: n(result.written), unchanged: n(result.unchanged) })}
        </Notice>
      ) : null}
      {result && result.errors.length > 0 ? <ImportRowErrors errors={result.errors} reasonsKey="externalImport.reasons" /> : null}
    </div>
  );
}
