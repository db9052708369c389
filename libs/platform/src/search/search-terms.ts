import { z } from 'zod';
import { localizedMessage, say, localized } from '@itsm/contracts';

/*
 * Search terms for the lists' `?q=` (issue 10 item 17). A document's terms are kept in a `text[]`
 * column with a GIN index and a query matches the documents holding all of its terms (`@>`).
 *
 * Why not a library: PostgreSQL's full-text search has no parser for Chinese (zhparser and
 * pg_jieba are not packaged by Debian), pg_trgm cannot use an index for a pattern shorter than three
 * characters (门店 and 深圳 are two), and pg_bigm, which indexes pairs, is not packaged by Debian
 * either (nor in the managed PostgreSQL images). Pairs of characters are what such engines index for
 * Chinese anyway, so the terms are made here, the same way for documents and queries:
 *
 * - text is NFKC-normalised (full-width ＲＥＱ is REQ) and lower-cased;
 * - a run of letters and digits outside the CJK scripts is one term (`onboarding`, `sz0042`; `u-li`
 *   is `u` and `li`), cut at 64 characters;
 * - a run of CJK characters gives each pair of neighbours (深圳市 → 深圳, 圳市), a lone character itself
 *   (so a one-character query finds that character only where it stands alone).
 *
 * A query of several terms matches documents holding every one of them, wherever they are: 深圳市
 * also finds a text with 深圳 and 圳市 apart, which is rare enough not to be worth a second check.
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** Runs of CJK characters, or of other letters, digits and marks. */
const RUNS = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');
const CJK_RUN = new RegExp(`^[${CJK}]`, 'u');

export const MAX_TERM_LENGTH = 64;
/** A document keeps at most this many terms (its first texts first): a long free text must not swell the index. */
export const MAX_DOCUMENT_TERMS = 256;

function addTermsOf(text: string, into: Set<string>, max: number): void {
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(RUNS)) {
    if (into.size >= max) return;
    if (!CJK_RUN.test(run)) {
      into.add([...run].slice(0, MAX_TERM_LENGTH).join(''));
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) into.add(chars[0]);
    for (let i = 0; i + 1 < chars.length && into.size < max; i++) into.add(chars[i] + chars[i + 1]);
  }
}

/** The distinct terms of some texts, in the order they first appear (nulls are skipped). */
export function searchTerms(texts: Iterable<string | null | undefined>, max = MAX_DOCUMENT_TERMS): string[] {
  const terms = new Set<string>();
  for (const text of texts) if (text) addTermsOf(text, terms, max);
  return [...terms];
}

/** The strings and numbers anywhere in a JSON value (a form's answers), keys left out. */
export function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

export const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_TERMS = 32;

/** What a `q` asks for: every one of `terms`, and the text as given (trimmed) for callers that also match identifiers. */
export interface SearchQuery {
  text: string;
  terms: string[];
}

/**
 * `?q=`: 1 to 200 characters without control characters, holding at least one word or Chinese
 * character; anything else is a 400 naming `q`.
 */
export const SearchQuerySchema = z
  .string()
  .max(MAX_QUERY_LENGTH, {
    error: localizedMessage(localized(`at most ${MAX_QUERY_LENGTH} characters`, `最多 ${MAX_QUERY_LENGTH} 个字符`)),
  })
  .regex(/^[^\p{Cc}\p{Cs}]*$/u, {
    error: localizedMessage(localized('must not contain control characters', '不能包含控制字符')),
  })
  .transform((q) => q.trim())
  .transform((text, ctx): SearchQuery => {
    const terms = searchTerms([text], MAX_QUERY_TERMS + 1);
    if (terms.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: say(
          localized('give a word, a number or Chinese characters to search for', '请输入要搜索的词、编号或中文'),
        ),
      });
    if (terms.length > MAX_QUERY_TERMS)
      ctx.addIssue({
        code: 'custom',
        message: say(localized(`at most ${MAX_QUERY_TERMS} words`, `最多 ${MAX_QUERY_TERMS} 个词`)),
      });
    return { text, terms };
  })
  .describe(
    'Search: every word (letters and digits) and every pair of neighbouring Chinese characters must appear. / 搜索：每个词（字母与数字）和每对相邻汉字都须出现。',
  );
