import type { LocalizedText } from './localized-text';

export type MessageLanguage = keyof LocalizedText;

let current: MessageLanguage = 'en';

/**
 * A validation message in both languages, for a zod schema's `error` option: the schema states it
 * in the language of the parse that reports it (English unless run `inMessageLanguage`).
 */
export function localizedMessage(text: LocalizedText): () => string {
  return () => text[current];
}

/** The message for `ctx.addIssue` in a refinement, in the language of the parse running it. */
export function say(text: LocalizedText): string {
  return text[current];
}

/**
 * Runs a (synchronous) parse with messages in `language`, so a failed input can be described in
 * both languages by parsing it twice. Synchronous, so no other parse can see the switch.
 */
export function inMessageLanguage<T>(language: MessageLanguage, parse: () => T): T {
  const previous = current;
  current = language;
  try {
    return parse();
  } finally {
    current = previous;
  }
}
