import { format, isValid, parse } from 'date-fns';
import { useEffect, useId, useRef, useState } from 'react';
import { DayPicker } from 'react-day-picker';
import { enUS } from 'react-day-picker/locale/en-US';
import { id as idLocale } from 'react-day-picker/locale/id';
import 'react-day-picker/style.css';
import { useTranslation } from 'react-i18next';
import './date-field.css';

/**
 * How each language writes a date. Indonesian documents write day first with
 * two digits (05/03/2024; date-fns' own `id` short format is d/M/yyyy), English
 * follows the US locale's short format.
 */
const DATE_LAYOUT = {
  id: { pattern: 'dd/MM/yyyy', locale: idLocale },
  en: { pattern: 'MM/dd/yyyy', locale: enUS },
} as const;
const layoutOf = (lng: string) => (lng === 'en' ? DATE_LAYOUT.en : DATE_LAYOUT.id);
const ISO = 'yyyy-MM-dd';
// One or two digits for day and month, always four for the year (date-fns alone would read "24" as the year 24).
const TYPED = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/;

const fromIso = (iso: string) => (iso ? parse(iso, ISO, new Date()) : undefined);

/** A typed date in the language's layout as ISO, '' when empty, null when it is not a date. */
export function typedToIso(text: string, lng: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  if (!TYPED.test(trimmed)) return null;
  const { pattern, locale } = layoutOf(lng);
  const d = parse(trimmed.replace(/[.-]/g, '/'), pattern, new Date(), { locale });
  return isValid(d) ? format(d, ISO) : null;
}

export const isoToTyped = (iso: string, lng: string) => (iso ? format(parse(iso, ISO, new Date()), layoutOf(lng).pattern) : '');

/**
 * A date input in the user's language: typed as dd/MM/yyyy (Indonesian) or
 * MM/dd/yyyy (English), or picked from a calendar popover. The browser's own
 * date input follows the browser's language, not the portal's. The form gets
 * the ISO date (yyyy-MM-dd) under `name`, as the API takes it.
 */
export function DateField({ label, name, defaultValue = '' }: { label: string; name: string; defaultValue?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const id = useId();
  const [iso, setIso] = useState(defaultValue);
  const [text, setText] = useState(() => isoToTyped(defaultValue, lng));
  const [invalid, setInvalid] = useState(false);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const { pattern, locale } = layoutOf(lng);

  // A language switch rewrites the shown date in the new layout (adjusted while rendering, React's way for derived state); the value stays.
  const [shownIn, setShownIn] = useState(lng);
  if (shownIn !== lng) {
    setShownIn(lng);
    if (iso) setText(isoToTyped(iso, lng));
  }

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const onType = (value: string) => {
    setText(value);
    const parsed = typedToIso(value, lng);
    setIso(parsed ?? '');
    if (parsed !== null) setInvalid(false);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="date-field-box" ref={box}>
        <input
          id={id}
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('dateField.placeholder')}
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-msg` : undefined}
          onChange={(e) => onType(e.target.value)}
          onBlur={() => {
            const parsed = typedToIso(text, lng);
            setInvalid(parsed === null);
            if (parsed) setText(isoToTyped(parsed, lng));
          }}
        />
        <button type="button" className="btn btn-secondary" aria-label={t('dateField.open', { label })} aria-expanded={open} onClick={() => setOpen(!open)}>
          {/* Drawn, not an emoji: not every machine has an emoji font. */}
          <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <rect x="3" y="5" width="18" height="16" rx="2" />
            <path d="M3 10h18M8 3v4M16 3v4" />
          </svg>
        </button>
        {open ? (
          <div className="date-field-popover" role="dialog" aria-label={label}>
            <DayPicker
              mode="single"
              locale={locale}
              captionLayout="dropdown"
              startMonth={new Date(2015, 0)}
              endMonth={new Date(new Date().getFullYear() + 1, 11)}
              selected={fromIso(iso)}
              defaultMonth={fromIso(iso)}
              onSelect={(d) => {
                const next = d ? format(d, ISO) : '';
                setIso(next);
                setText(isoToTyped(next, lng));
                setInvalid(false);
                setOpen(false);
              }}
            />
          </div>
        ) : null}
      </div>
      <input type="hidden" name={name} value={iso} />
      {invalid ? (
        <span id={`${id}-msg`} className="field-error">
          {t('dateField.invalid', { pattern })}
        </span>
      ) : null}
    </div>
  );
}
