import type { ConnectionStatus } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/ui';

const TONE = { CONNECTED: 'ok', PENDING: 'info', DECLINED: 'muted', REVOKED: 'error', EXPIRED: 'muted' } as const;

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[status]}>{t(`connections.status_${status}`)}</Badge>;
}
