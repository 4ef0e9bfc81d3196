import type { ImportRowError } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

/**
 * The rows an import refused: row number, source id, column and the reason
 * for its code, translated under `reasonsKey` (documents and master data
 * explain the same codes in their own words).
 */
export function ImportRowErrors({ errors, reasonsKey }: { errors: ImportRowError[]; reasonsKey: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('externalImport.errorsTitle', { count: errors.length })}</h3>
      <table className="table compact" data-testid="import-errors">
        <thead>
          <tr>
            <th>{t('externalImport.row')}</th>
            <th>{t('externalImport.sourceId')}</th>
            <th>{t('externalImport.column')}</th>
            <th>{t('externalImport.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={`${e.row}-${e.column ?? ''}-${i}`}>
              <td>{e.row}</td>
              <td>{e.sourceId ?? '—'}</td>
              <td>{e.column ?? '—'}</td>
              <td>{t(`${reasonsKey}.${e.code}`, { column: e.column ?? '', defaultValue: e.message })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
