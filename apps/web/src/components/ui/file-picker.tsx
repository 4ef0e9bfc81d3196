import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A file input in the portal's language and style. The browser's own control
 * says "Choose File / No file chosen" in the browser's language whatever the
 * portal's is; here the input stays (visually hidden, still focusable and
 * labelled, so keyboards, screen readers and tests use it as before) behind a
 * translated button, the chosen file's name, and a drop zone.
 */
export function FilePicker({
  label,
  accept,
  disabled,
  onChange,
}: {
  label: string;
  accept: string;
  disabled?: boolean;
  onChange: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const choose = (file: File | null) => {
    setName(file?.name ?? null);
    onChange(file);
  };
  return (
    <div
      className={`file-picker${dragging ? ' file-picker-over' : ''}${disabled ? ' file-picker-disabled' : ''}`}
      onDragOver={(e) => {
        if (disabled) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!disabled) choose(e.dataTransfer.files[0] ?? null);
      }}
    >
      <input
        id={id}
        className="sr-only"
        type="file"
        accept={accept}
        disabled={disabled}
        aria-label={label}
        onChange={(e) => choose(e.target.files?.[0] ?? null)}
      />
      <label htmlFor={id} className="btn btn-secondary" aria-hidden="true">
        {t('common.chooseFile')}
      </label>
      <span className={name ? 'file-picker-name' : 'muted'}>{name ?? t('common.noFileChosen')}</span>
      <span className="small muted">{label}</span>
    </div>
  );
}
