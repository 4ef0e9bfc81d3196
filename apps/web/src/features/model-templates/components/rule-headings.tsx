import { useTranslation } from 'react-i18next';

/** The columns every view of a template's rules starts with: what a rule fills, from where, through which transforms. */
export function RuleHeadings() {
  const { t } = useTranslation();
  return (
    <>
      <th>{t('templates.target')}</th>
      <th>{t('templates.source')}</th>
      <th>{t('templates.transforms')}</th>
    </>
  );
}
