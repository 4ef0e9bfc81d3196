import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client';

export function Button({
  busy,
  variant = 'primary',
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: 'primary' | 'secondary' | 'danger' | 'ghost' }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant} ${rest.className ?? ''}`} disabled={busy || rest.disabled} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function Field({ label, error, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? `${id}-msg` : undefined} />
      {error ? (
        <span id={`${id}-msg`} className="field-error">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-msg`} className="field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function Select({ label, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...rest}>
        {children}
      </select>
    </div>
  );
}

/** The translated message for any error the API or the network produced. */
export function useErrorMessage() {
  const { t } = useTranslation();
  // By code only: the envelope's message (and its details) are the API's English, e.g. zod's issue text.
  return (err: unknown): string => (err instanceof ApiError ? t(`errors.${err.code}`) : t('errors.INTERNAL'));
}

/** An error as the user reads it; with `onRetry`, a *Retry* button beside it (e.g. a query's `refetch`). */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) {
  const message = useErrorMessage();
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div role="alert" className="alert alert-error alert-with-action">
      <span>{message(error)}</span>
      {onRetry ? (
        <Button variant="secondary" onClick={() => void onRetry()}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** Grey placeholder lines while something loads, so the layout does not jump when it arrives. */
export function Skeleton({ lines = 3 }: { lines?: number }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton" role="status" aria-busy="true">
      <span className="sr-only">{t('common.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" />
      ))}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="alert alert-ok">
      {children}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'error' | 'muted' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * Native <dialog> opened as a modal: focus trap, Escape and backdrop come from the browser.
 * `dismissible={false}` keeps it open on Escape and hides ×, for a dialog the user must act in first.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  dismissible = true,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  dismissible?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        if (dismissible) onClose();
        else e.preventDefault();
      }}
      // The browser closes a modal on Escape through `cancel`, which it may not let a page refuse twice in a row; not starting it at all holds.
      onKeyDown={(e) => {
        if (!dismissible && e.key === 'Escape') e.preventDefault();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {dismissible ? (
          <button type="button" className="icon-btn" aria-label={t('common.closeDialog')} onClick={onClose}>
            ×
          </button>
        ) : null}
      </div>
      <div className="dialog-body">{open ? children : null}</div>
      {footer ? <div className="dialog-foot">{footer}</div> : null}
    </dialog>
  );
}
