import { endpoints, hasPermission, type MeResponse } from '@portal/contracts';
import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { BrandLogo } from '../../../components/brand-logo';
import { LanguageSwitch } from '../../../components/language-switch';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';
import { meQueryOptions } from '../../../lib/session';
import { navItemsFor } from './nav-items';

/** `bell`: the notification centre's bell, given by the router (features do not import each other). */
export function AppLayout({ me, bell }: { me: MeResponse; bell?: ReactNode }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const logout = useMutation({
    mutationFn: () => call(endpoints.logout),
    // Signed out here either way (below); the user still learns the server may keep the session until it expires.
    onError: (err) => void toast.error(t('auth.logoutFailed', { reason: message(err) })),
    onSettled: async () => {
      // Leave the signed-in area first, so it does not remember this page as "next".
      await navigate('/login', { replace: true });
      qc.setQueryData(meQueryOptions().queryKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
  return (
    <div className="layout">
      <aside className="sidebar">
        <div className="brand">
          <BrandLogo />
          {t('app.name')}
        </div>
        <nav aria-label={t('nav.main')}>
          {navItemsFor(me.organization.kind)
            .filter((item) => !item.permission || hasPermission(me.user.role, item.permission))
            .map((item) =>
              item.external ? (
                <a key={item.to} href={item.to} className="nav-link">
                  {t(item.labelKey)}
                </a>
              ) : (
                <NavLink key={item.to} to={item.to} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}>
                  {t(item.labelKey)}
                </NavLink>
              ),
            )}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div>
            <strong data-testid="org-name">{me.organization.name}</strong> <span className="muted small">· {t(`kind.${me.organization.kind}`)}</span>
          </div>
          <div className="topbar-right">
            {bell}
            <LanguageSwitch />
            <NavLink to="/account" className="muted small" title={t('auth.account')}>
              {me.user.name}
            </NavLink>
            <button type="button" className="btn btn-ghost" onClick={() => logout.mutate()} disabled={logout.isPending}>
              {t('auth.logout')}
            </button>
          </div>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
