import { endpoints, type SearchItem, type SearchKind } from '@portal/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCombobox } from 'downshift';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/endpoint-client';
import './search-field.css';

// A search help (issue 13, docs/product/master-data.md): a text field that
// suggests customers, products, suppliers, distributors or SKUs as the user
// types, through GET /api/search/:kind. Shared by every filter and form that
// names one of these.

/** How long typing must pause before the portal is asked (keeps a fast typist to one request). */
export const SEARCH_DEBOUNCE_MS = 200;
const SUGGESTIONS = 8;

export const fetchSuggestions = (kind: SearchKind, q: string) =>
  kind === 'skus'
    ? call(endpoints.searchSkus, { query: { q, limit: SUGGESTIONS } })
    : call(endpoints.search, { params: { kind }, query: { q, limit: SUGGESTIONS } });
export const suggestionsQueryOptions = (kind: SearchKind, q: string) =>
  queryOptions({ queryKey: ['search', kind, q], queryFn: () => fetchSuggestions(kind, q), staleTime: 30_000 });

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface SearchFieldProps {
  kind: SearchKind;
  label: string;
  /** The form field the chosen value is submitted as. */
  name: string;
  defaultValue?: string | undefined;
  /**
   * `code` (default): the field's value is what is typed, and a suggestion
   * fills in its code (its name when it has none), so free text still works;
   * `id`: only a picked suggestion gives a value, its id, and the field shows
   * its name (`defaultLabel` for the value it starts with).
   */
  fills?: 'code' | 'id';
  defaultLabel?: string | undefined;
  placeholder?: string;
}

export function SearchField({ kind, label, name, defaultValue = '', fills = 'code', defaultLabel, placeholder }: SearchFieldProps) {
  const { t } = useTranslation();
  const byId = fills === 'id';
  const [text, setText] = useState(byId ? (defaultLabel ?? '') : defaultValue);
  const [value, setValue] = useState(defaultValue);
  const submitAfterPick = useRef(false);
  const hidden = useRef<HTMLInputElement>(null);
  const q = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const typing = q !== text.trim();
  const results = useQuery({ ...suggestionsQueryOptions(kind, q), enabled: q.length > 0 && q.length <= 100 });
  const items = q ? (results.data?.data ?? []) : [];

  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } = useCombobox<SearchItem>({
    items,
    inputValue: text,
    itemToString: (item) => (item ? (byId ? item.name : item.code || item.name) : ''),
    itemToKey: (item: SearchItem | null) => (item ? `${item.id ?? ''}|${item.code}|${item.name}` : ''),
    onInputValueChange: ({ inputValue }) => {
      setText(inputValue);
      if (!byId) setValue(inputValue.trim());
      else if (inputValue.trim() === '') setValue('');
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (!selectedItem) return;
      submitAfterPick.current = true;
      setValue(byId ? (selectedItem.id ?? '') : selectedItem.code || selectedItem.name);
    },
  });

  // A pick applies the filter at once: submit once the hidden input holds the picked value.
  useEffect(() => {
    if (!submitAfterPick.current) return;
    submitAfterPick.current = false;
    hidden.current?.form?.requestSubmit();
  }, [value]);

  const pending = q.length > 0 && (typing || results.isFetching) && items.length === 0;
  const status =
    !isOpen || !q ? null : results.isError ? t('search.failed') : pending ? t('search.loading') : items.length === 0 ? t('search.noResults') : null;

  return (
    <div className="field search-field">
      <label {...getLabelProps()}>{label}</label>
      <input {...getInputProps({ placeholder, autoComplete: 'off', spellCheck: false })} />
      <input ref={hidden} type="hidden" name={name} value={value} />
      <ul {...getMenuProps()} className="search-menu" hidden={!isOpen || items.length === 0}>
        {isOpen
          ? items.map((item, index) => (
              <li
                key={`${item.id ?? ''}|${item.code}|${item.name}`}
                className={highlightedIndex === index ? 'highlighted' : undefined}
                {...getItemProps({ item, index })}
              >
                {item.code ? <span className="search-code">{item.code}</span> : null}
                <span className="search-name">{item.name}</span>
                {item.detail ? <span className="search-detail">{item.detail}</span> : null}
              </li>
            ))
          : null}
      </ul>
      {status ? (
        <div className="search-status" role="status">
          {status}
        </div>
      ) : null}
    </div>
  );
}
