import { Prisma } from '@portal/db';

/**
 * What one search sends to SQL, derived once from the typed text: the text
 * itself (for similarity), the ILIKE patterns for "is exactly" and "starts
 * with" (the text's own `%`, `_` and `\` match themselves), and the spellings
 * the exact code is looked up by through the plain (organisation, code)
 * b-tree (codes are usually upper case; people type lower case).
 */
export interface SearchTerms {
  text: string;
  exact: string;
  prefix: string;
  contains: string;
  codes: string[];
}

/** How close a name must be (pg_trgm word similarity, 0–1) to count as a typo of the text: "indomei" → "Indomie" is 0.63. */
export const TYPO_THRESHOLD = 0.5;

/** How many candidates each index hands over before ranking: bounds the work however many rows match. */
export const CANDIDATES = 50;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchTerms(q: string): SearchTerms {
  const text = q.trim();
  const escaped = escapeLike(text);
  return {
    text,
    exact: escaped,
    prefix: `${escaped}%`,
    contains: `%${escaped}%`,
    codes: [...new Set([text, text.toUpperCase(), text.toLowerCase()])],
  };
}

/**
 * The ranking rule of every search help, in one place (docs/product/master-data.md):
 * an exact code (any case) first, then codes starting with the text, then
 * names starting with it, then the rest by word similarity (how well the
 * text matches the best-matching part of the name, so "sinar" ranks "Toko
 * Sinar Jaya" high and a typo still scores); ties by name, then code.
 * `code` and `name` are SQL expressions of the candidate row; `code` is null
 * for things that have no code (distributors).
 */
export function rankOrder(code: Prisma.Sql | null, name: Prisma.Sql, t: SearchTerms): Prisma.Sql {
  const byCode = code ? Prisma.sql`when ${code} ilike ${t.exact} then 0 when ${code} ilike ${t.prefix} then 1` : Prisma.empty;
  return Prisma.sql`case ${byCode} when ${name} ilike ${t.prefix} then 2 else 3 end,
                    word_similarity(${t.text}, ${name}) desc, ${name}${code ? Prisma.sql`, ${code}` : Prisma.empty}`;
}
