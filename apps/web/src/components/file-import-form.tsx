import type { UseMutationResult } from '@tanstack/react-query';
import type { ImportRowError } from '@portal/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ApiError } from '../lib/api-client';
import { ImportRowErrors } from './import-row-errors';
import { FilePicker } from './ui/file-picker';
import { Button, ErrorAlert, Notice, useErrorMessage } from './ui/ui';

/**
 * A CSV/XLSX import into an External integration (documents, customers,
 * products): the template links, the file picker, the upload's outcome as a
 * toast, the header's missing columns, the result line and the file's
 * rejected rows. Each caller brings its own upload mutation and wording.
 */
export function FileImportForm<R extends { errors: ImportRowError[] }>({
  testId,
  intro,
  templateUrl,
  upload,
  summary,
  reasonsKey,
  disabled = false,
  disabledNote,
}: {
  testId: string;
  intro: ReactNode;
  templateUrl: (format: 'csv' | 'xlsx') => string;
  upload: UseMutationResult<R, Error, File>;
  /** The result line for a finished import. */
  summary: (result: R) => string;
  /** Where the rejected rows' reasons are translated (`<reasonsKey>.<code>`). */
  reasonsKey: string;
  disabled?: boolean;
  disabledNote?: string;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const message = useErrorMessage();
  const result = upload.data;
  const missing = upload.error instanceof ApiError ? (upload.error.details as { missing?: string[] } | undefined)?.missing : undefined;

  return (
    <div className="card" data-testid={testId}>
      {intro}
      <p className="small">
        <a href={templateUrl('csv')} download>
          {t('externalImport.templateCsv')}
        </a>
        {' · '}
        <a href={templateUrl('xlsx')} download>
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
      {disabled && disabledNote ? <p className="small">{disabledNote}</p> : null}
      <ErrorAlert error={upload.error} />
      {missing?.length ? <p className="field-error">{t('externalImport.missingColumns', { columns: missing.join(', ') })}</p> : null}
      {result ? <Notice>{summary(result)}</Notice> : null}
      {result && result.errors.length > 0 ? <ImportRowErrors errors={result.errors} reasonsKey={reasonsKey} /> : null}
    </div>
  );
}
