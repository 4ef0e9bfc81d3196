const locale = (lng: string) => (lng === 'en' ? 'en-US' : 'id-ID');

export function formatDate(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(locale(lng), { day: '2-digit', month: 'short', year: 'numeric' }).format(d);
}

export function formatDateTime(value: string | null | undefined, lng: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale(lng), { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

/** Decimal strings from the API are shown as money without going through arithmetic. */
export function formatMoney(value: string, lng: string, currency = 'IDR'): string {
  const n = Number(value);
  // Whole rupiah without decimals; anything else with both decimal places (Rp 5.492.080,20, not …,2).
  const digits = Number.isInteger(n) ? 0 : 2;
  return new Intl.NumberFormat(locale(lng), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: 2 }).format(n);
}

export function formatNumber(value: number | string, lng: string): string {
  return new Intl.NumberFormat(locale(lng)).format(Number(value));
}
