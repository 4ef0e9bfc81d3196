import { useState } from 'react';

/** A text input that keeps what the user typed while the parsed value lives in the rule; `list` names a datalist of suggestions. */
export function TextCell({
  label,
  initial,
  onCommit,
  className,
  list,
}: {
  label: string;
  initial: string;
  onCommit: (text: string) => void;
  className?: string;
  list?: string;
}) {
  const [text, setText] = useState(initial);
  return (
    <input
      aria-label={label}
      className={`cell-input ${className ?? ''}`}
      value={text}
      list={list}
      onChange={(e) => {
        setText(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}
