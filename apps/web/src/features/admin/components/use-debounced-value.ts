import { useEffect, useState } from 'react';

/** The value once it has rested for `ms`, so typing in a search box refetches once, not on every key. */
export function useDebouncedValue<T>(value: T, ms = 300): T {
  const [rested, setRested] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setRested(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return rested;
}
