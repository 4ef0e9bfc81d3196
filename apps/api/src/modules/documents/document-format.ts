/** How stored decimals and dates leave the documents module (API responses and exports alike). */
export const dec = (v: { toFixed(n?: number): string } | null | undefined, scale = 2) => (v ? v.toFixed(scale) : (0).toFixed(scale));
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
