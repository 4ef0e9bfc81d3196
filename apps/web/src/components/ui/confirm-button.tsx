import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog } from './ui';

/**
 * A button that asks before it acts, in the portal's own dialog (the browser's
 * `confirm()` is unstyled, untranslated and blocks the page).
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  variant = 'danger',
  busy,
  disabled,
  disabledReason,
  onConfirm,
}: {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
  disabled?: boolean;
  /** Shown as the button's tooltip while it is disabled (e.g. what the role does not allow). */
  disabledReason?: string | undefined;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} busy={busy} disabled={disabled} title={disabled ? disabledReason : undefined} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <Dialog
        open={open}
        title={title}
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              variant={variant === 'danger' ? 'danger' : 'primary'}
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {confirmLabel}
            </Button>
          </>
        }
      >
        <p>{message}</p>
      </Dialog>
    </>
  );
}
