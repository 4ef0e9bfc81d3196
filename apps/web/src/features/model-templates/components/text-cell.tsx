import { useState } from 'react';

/** A text input that keeps what the user typed while the parsed value lives in the rule. */
export function TextCell({ label, initial, onCommit, className }: { label: string; initial: string; onCommit: (text: string) => void; className?: string }) {
  const [text, setText] = useState(initial);
  return (
    <input
      aria-label={label}
      className={`cell-input ${className ?? ''}`}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}
