import { MAX_DOCUMENT_TERMS, SearchQuerySchema, searchTerms, textsOf } from './search-terms';

describe('search terms', () => {
  it('makes words of Latin letters and digits, lower-cased, and pairs of neighbouring Chinese characters', () => {
    expect(searchTerms(['New store opening – IT readiness', '新店开业 IT 准备'])).toEqual([
      'new',
      'store',
      'opening',
      'it',
      'readiness',
      '新店',
      '店开',
      '开业',
      '准备',
    ]);
    expect(searchTerms(['深圳市南山区'])).toEqual(['深圳', '圳市', '市南', '南山', '山区']);
    // Chinese and Latin side by side are separate runs; identifiers split at punctuation.
    expect(searchTerms(['IT准备', 'queue.manager@example.com', 'REQ-000042'])).toEqual([
      'it',
      '准备',
      'queue',
      'manager',
      'example',
      'com',
      'req',
      '000042',
    ]);
  });

  it('finds a two-character Chinese query and an English word inside longer texts', () => {
    const document = new Set(searchTerms(['禾悦深圳南山万象城门店', 'Employee onboarding']));
    for (const q of ['门店', '深圳', '南山万象城', 'ONBOARDING', 'Ｏｎｂｏａｒｄｉｎｇ']) {
      expect(searchTerms([q]).every((t) => document.has(t))).toBe(true);
    }
    expect(searchTerms(['广州']).every((t) => document.has(t))).toBe(false);
  });

  it('keeps a lone Chinese character as itself, cuts long words and caps a document', () => {
    expect(searchTerms(['127 号'])).toEqual(['127', '号']);
    expect(searchTerms(['x'.repeat(100)])[0]).toHaveLength(64);
    expect(searchTerms([Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ')])).toHaveLength(MAX_DOCUMENT_TERMS);
    expect(searchTerms([null, undefined, '', '  ,;  '])).toEqual([]);
  });

  it('reads the strings and numbers of a form, not its keys', () => {
    expect(textsOf({ storeName: '门店', posCount: 6, nested: { list: ['a', true, null] } })).toEqual([
      '门店',
      '6',
      'a',
    ]);
  });

  it('accepts a query with something to search for, and refuses control characters, length and emptiness', () => {
    expect(SearchQuerySchema.parse('  深圳 门店 ')).toEqual({ text: '深圳 门店', terms: ['深圳', '门店'] });
    for (const bad of [
      'a\u0000b',
      'line\nbreak',
      'x'.repeat(201),
      '   ',
      '!!!',
      Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '),
    ]) {
      expect(SearchQuerySchema.safeParse(bad).success).toBe(false);
    }
  });
});
