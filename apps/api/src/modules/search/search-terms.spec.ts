import { describe, expect, it } from 'vitest';
import { rankOrder, searchTerms } from './search-terms';
import { Prisma } from '@portal/db';

describe('searchTerms', () => {
  it('trims the text and makes the exact, prefix and contains patterns', () => {
    expect(searchTerms('  Sinar ')).toEqual({ text: 'Sinar', exact: 'Sinar', prefix: 'Sinar%', contains: '%Sinar%', codes: ['Sinar', 'SINAR', 'sinar'] });
  });

  it("escapes ILIKE's wildcards and escape character, so they match themselves", () => {
    expect(searchTerms('50%_a\\b')).toMatchObject({ exact: '50\\%\\_a\\\\b', prefix: '50\\%\\_a\\\\b%' });
  });

  it('looks the exact code up as typed, upper- and lower-cased, each once', () => {
    expect(searchTerms('c-001').codes).toEqual(['c-001', 'C-001']);
    expect(searchTerms('123').codes).toEqual(['123']);
  });
});

describe('rankOrder', () => {
  it('orders by exact code, code prefix, name prefix, then word similarity and name; without a code only the name tiers', () => {
    const t = searchTerms('sin');
    const withCode = rankOrder(Prisma.sql`c.code`, Prisma.sql`c.name`, t);
    expect(withCode.sql.replace(/\s+/g, ' ')).toBe(
      'case when c.code ilike ? then 0 when c.code ilike ? then 1 when c.name ilike ? then 2 else 3 end, word_similarity(?, c.name) desc, c.name, c.code',
    );
    expect(withCode.values).toEqual(['sin', 'sin%', 'sin%', 'sin']);
    const nameOnly = rankOrder(null, Prisma.sql`n.name`, t);
    expect(nameOnly.sql.replace(/\s+/g, ' ')).toBe('case when n.name ilike ? then 2 else 3 end, word_similarity(?, n.name) desc, n.name');
  });
});
