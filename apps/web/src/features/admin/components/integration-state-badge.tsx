import type { IntegrationState } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/ui';

const TONE = { ACTIVE: 'ok', AWAITING_ACCESS_KEY: 'warn', ERROR: 'error', DISABLED: 'muted' } as const;

export function IntegrationStateBadge({ state }: { state: IntegrationState }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[state]}>{t(`state.${state}`)}</Badge>;
}
