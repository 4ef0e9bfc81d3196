import { type SkuImportResult, type SkuImportRowError, SKU_IMPORT_HEADERS } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { FilePicker } from '../../../components/ui/file-picker';
import { Button, Dialog, ErrorAlert, Notice } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { skuTemplateUrl, useImportSkus } from '../api/catalogue';

/**
 * Import SKUs from CSV or XLSX, all or nothing: choosing a file previews it
 * (a dry run: counts and every invalid row), and *Import* writes only a file
 * without invalid rows.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('catalogue.importTitle')} onClose={onClose}>
      <ImportForm onDone={onClose} />
    </Dialog>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const preview = useImportSkus();
  const upload = useImportSkus();
  const n = (v: number) => formatNumber(v, i18n.language);
  const result: SkuImportResult | undefined = preview.data;
  // A file changed between preview and import is refused with its rows (422): shown the same way.
  const refused = upload.error instanceof ApiError ? (upload.error.details as { errors?: SkuImportRowError[] } | undefined)?.errors : undefined;
  const missing = preview.error instanceof ApiError ? (preview.error.details as { missing?: string[] } | undefined)?.missing : undefined;
  const errors = refused ?? result?.errors ?? [];

  return (
    <div data-testid="sku-import">
      <p className="small">{t('catalogue.importHint')}</p>
      <p className="small">
        <a href={skuTemplateUrl('csv')} download>
          {t('catalogue.templateCsv')}
        </a>
        {' · '}
        <a href={skuTemplateUrl('xlsx')} download>
          {t('catalogue.templateXlsx')}
        </a>
      </p>
      <FilePicker
        label={t('catalogue.importFile')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(picked) => {
          setFile(picked);
          upload.reset();
          preview.reset();
          if (picked) preview.mutate({ file: picked, dryRun: true });
        }}
      />
      <ErrorAlert error={preview.error} />
      {missing?.length ? <p className="field-error">{t('catalogue.missingColumns', { columns: missing.join(', ') })}</p> : null}
      {result ? (
        <Notice>
          {t('catalogue.importPreview', { rows: n(result.rows), created: n(result.created), updated: n(result.updated), unchanged: n(result.unchanged) })}
        </Notice>
      ) : null}
      {errors.length > 0 ? <RowErrors errors={errors} /> : null}
      {upload.error && !refused ? <ErrorAlert error={upload.error} /> : null}
      <div className="row">
        <Button
          busy={upload.isPending || preview.isPending}
          disabled={!file || !result || result.errors.length > 0}
          onClick={() =>
            file &&
            upload.mutate(
              { file, dryRun: false },
              {
                onSuccess: (r) => {
                  toast.success(t('catalogue.imported', { created: n(r.created), updated: n(r.updated) }));
                  onDone();
                },
              },
            )
          }
        >
          {t('catalogue.importSubmit')}
        </Button>
      </div>
    </div>
  );
}

function RowErrors({ errors }: { errors: SkuImportRowError[] }) {
  const { t } = useTranslation();
  const rows = new Set(errors.map((e) => e.row)).size;
  return (
    <>
      <p className="field-error">{t('catalogue.importInvalid', { count: rows })}</p>
      <div className="table-scroll">
        <table className="table compact" data-testid="sku-import-errors">
          <thead>
            <tr>
              <th>{t('catalogue.importRow')}</th>
              <th>{t('catalogue.code')}</th>
              <th>{t('catalogue.importColumn')}</th>
              <th>{t('catalogue.importReason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.row}-${e.column ?? ''}-${i}`}>
                <td>{e.row}</td>
                <td>{e.skuCode ?? '—'}</td>
                <td>{e.column ? SKU_IMPORT_HEADERS[e.column] : '—'}</td>
                <td>{t(`catalogue.importErrors.${e.code}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
