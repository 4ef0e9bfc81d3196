import { hasPermission, type Permission } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { useMe } from './session';

/**
 * Whether the signed-in user's role allows `permission` (the contracts'
 * matrix, the same one the API enforces), and the reason to show beside an
 * action it does not allow. The API refuses anyway; this keeps the screen honest.
 */
export function usePermission(permission: Permission): { allowed: boolean; reason: string | undefined } {
  const { t } = useTranslation();
  const role = useMe().data?.user.role;
  const allowed = role ? hasPermission(role, permission) : false;
  return { allowed, reason: allowed ? undefined : t('roles.notAllowed', { role: role ? t(`roles.${role}`) : '' }) };
}
