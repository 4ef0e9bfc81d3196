// What people type into a search help, made from real rows: shared by `pnpm bench:search`
// (the repository's SQL) and `pnpm bench:insight` (the same helps over HTTP at 5 million lines).

export interface Query {
  q: string;
  style: 'prefix' | 'typo' | 'two words' | 'code';
  /** The row the query was made from. */
  target: string;
  /** What the best answer must hold: the word a typo misspells, or the exact code. */
  want?: { word: string } | { code: string };
}

/** Deterministic pseudo-random numbers (mulberry32), so every run asks the same queries. */
export function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One slip of the finger: two letters swapped, one dropped or one replaced. */
function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const edit = Math.floor(r() * 3);
  if (edit === 0) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (edit === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + 'aeiou'[Math.floor(r() * 5)] + word.slice(i + 1);
}

/** What people type into a search help, made from real rows: word prefixes, typos, the start of a name, codes. */
export function queriesOf(rows: { code: string; name: string }[], seed: number): Query[] {
  const r = rng(seed);
  return rows.map((row, i) => {
    const words = row.name.split(' ').filter((w) => w.length >= 3);
    const word = words[Math.floor(r() * words.length)] ?? row.name;
    const long = words.filter((w) => w.length >= 5);
    switch (i % 6) {
      case 0:
      case 1:
        return { q: word.slice(0, 3 + Math.floor(r() * Math.max(1, Math.min(6, word.length - 2)))).toLowerCase(), style: 'prefix', target: row.name };
      case 2:
      case 3: {
        const meant = long[Math.floor(r() * long.length)] ?? word;
        return { q: typo(meant.toLowerCase(), r), style: 'typo', target: row.name, want: { word: meant.toLowerCase() } };
      }
      case 4: {
        const [first, second] = row.name.split(' ');
        return { q: `${first} ${(second ?? '').slice(0, 3)}`.trim().toLowerCase(), style: 'two words', target: row.name };
      }
      default:
        return i % 12 === 5
          ? { q: row.code.toLowerCase(), style: 'code', target: row.name, want: { code: row.code } }
          : { q: row.code.slice(0, -2).toLowerCase(), style: 'code', target: row.name };
    }
  });
}

/** The best answer is what the user meant: the exact code, or a name with the word the typo misspells. */
export const answers = (hits: { code: string; name: string }[], want: NonNullable<Query['want']>) =>
  'code' in want ? hits[0]?.code === want.code : (hits[0]?.name.toLowerCase().split(' ') ?? []).includes(want.word);
