import type { Notification } from '@portal/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ErrorAlert, Skeleton } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../api/notifications';
import '../notifications.css';
import { notificationText } from './notification-text';

/**
 * The header's bell (docs/product/events.md, "Alerts"): the unread count as a
 * badge, refreshed every 30 s and when the window regains focus; opening it
 * shows the latest notifications, each leading to what it is about (and
 * marked read on the way), with "mark all read" and the email settings.
 * Escape or a click outside closes it and gives focus back to the bell.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data?.unread ?? 0;
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div className="menu notification-bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell-button"
        aria-label={t('notifications.bellLabel', { count: unread })}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 ? (
          <span className="bell-badge" data-testid="notification-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          ref={panelRef}
          role="dialog"
          aria-label={t('notifications.title')}
          tabIndex={-1}
          className="notification-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close(true);
            }
          }}
        >
          <NotificationPanel unread={unread} onLeave={() => close(false)} />
        </div>
      ) : null}
    </div>
  );
}

function NotificationPanel({ unread, onLeave }: { unread: number; onLeave: () => void }) {
  const { t, i18n } = useTranslation();
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];

  const follow = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    onLeave();
  };

  return (
    <>
      <div className="notification-panel-head">
        <h2>{t('notifications.title')}</h2>
        <Button variant="ghost" onClick={() => markAll.mutate()} disabled={unread === 0 || markAll.isPending}>
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {list.isPending ? (
        <Skeleton lines={2} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={list.refetch} />
      ) : rows.length === 0 ? (
        <p className="muted notification-empty">{t('notifications.empty')}</p>
      ) : (
        <ul className="notification-list">
          {rows.map((n) => (
            <li key={n.id} className={n.readAt ? 'notification read' : 'notification unread'}>
              <Link to={n.link} onClick={() => follow(n)}>
                {n.readAt ? null : <span className="sr-only">{t('notifications.unread')}: </span>}
                <span className="notification-text">{notificationText(t, n, i18n.language)}</span>
                <time className="muted small" dateTime={n.createdAt}>
                  {formatDateTime(n.createdAt, i18n.language)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <Button variant="ghost" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('notifications.loadMore')}
        </Button>
      ) : null}
      <div className="notification-panel-foot">
        <Link to="/notifications/settings" onClick={onLeave}>
          {t('notifications.emailSettings')}
        </Link>
      </div>
    </>
  );
}

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}
