import { useTranslation } from 'react-i18next';

/** The field a rule fills: its name in the user's language, then the canonical name the JSON and the API use. */
export function TargetName({ scope, target }: { scope: 'header' | 'line'; target: string }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`templates.${scope}Field.${target}`)} <code className="muted small">{scope === 'line' ? `lines[].${target}` : target}</code>
    </>
  );
}
