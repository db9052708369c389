import { Duration, IANAZone } from 'luxon';
import { z } from 'zod';
import { localizedMessage, say } from './localized-message';
import { localized, type LocalizedText } from './localized-text';

/** Building blocks shared by every event schema (and reused by services for API validation). */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const UuidSchema = z.uuid();

/** Stable, human-typed identifier: lowercase letters, digits and dashes, 2..63 characters. */
export const SlugSchema = z.string().regex(SLUG_PATTERN, {
  error: localizedMessage(
    localized(
      'must be a slug: lowercase letters, digits and "-", 2..63 characters, not starting with "-"',
      '须为标识符：小写字母、数字和「-」，2 到 63 个字符，不能以「-」开头',
    ),
  ),
});
export type Slug = z.infer<typeof SlugSchema>;

/** ISO-8601 timestamp with an explicit offset (`Z` or `+08:00`). */
export const TimestampSchema = z.iso.datetime({ offset: true });

/**
 * Postgres text and jsonb cannot hold U+0000, so a NUL in any stored string would fail the write.
 * Refusing it in the schema names the field instead of ending in a database error.
 */
export const NUL_CHARACTER_MESSAGE = localized(
  'must not contain the NUL character (\\u0000)',
  '不能包含 NUL 字符（\\u0000）',
);

export function hasNoNulCharacter(value: string): boolean {
  return !value.includes('\u0000');
}

/** A free-text string that can be stored: any text except the NUL character. */
export function storableString() {
  return z.string().refine(hasNoNulCharacter, { error: localizedMessage(NUL_CHARACTER_MESSAGE) });
}

const localizedString = storableString().min(1).max(500);

/** Every human-readable text exists in both first-class languages. */
export const LocalizedTextSchema = z.object({ en: localizedString, 'zh-CN': localizedString });

/** Accepts signed durations ('-P3D' means "3 days before"); Luxon does not parse the sign itself. */
export function isValidIsoDuration(value: string): boolean {
  const unsigned = value.startsWith('-') ? value.slice(1) : value;
  // Luxon accepts the empty 'P' and 'PT'; a duration must state at least one amount.
  if (!unsigned.startsWith('P') || unsigned.endsWith('T') || !/\d/.test(unsigned)) return false;
  return Duration.fromISO(unsigned).isValid;
}

export const IsoDurationSchema = z.string().refine(isValidIsoDuration, {
  error: localizedMessage(
    localized(
      "must be an ISO-8601 duration such as 'P2D', '-P3D' or 'PT4H'",
      '须为 ISO-8601 时长，例如「P2D」「-P3D」「PT4H」',
    ),
  ),
});

/** Same as IsoDurationSchema but a leading '-' is refused: for spans that cannot run backwards. */
export const PositiveIsoDurationSchema = IsoDurationSchema.refine((value) => !value.startsWith('-'), {
  error: localizedMessage(localized('must not be negative', '不能为负')),
});

/** JSON Schema format of a time zone field (a form's store time zone): an IANA zone name, checked with Luxon. */
export const TIME_ZONE_FORMAT = 'time-zone';

export function isValidTimeZone(value: string): boolean {
  return IANAZone.isValidZone(value);
}

export const IanaTimeZoneSchema = z
  .string()
  .refine(isValidTimeZone, {
    error: localizedMessage(
      localized("must be an IANA time zone such as 'Asia/Shanghai'", '须为 IANA 时区，例如「Asia/Shanghai」'),
    ),
  })
  .meta({ format: TIME_ZONE_FORMAT });

export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: localizedMessage(localized("must be a local time 'HH:mm'", '须为本地时间「HH:mm」')),
});

export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, {
  error: localizedMessage(
    localized('must be an ISO 4217 currency code such as CNY', '须为 ISO 4217 货币代码，例如 CNY'),
  ),
});

/**
 * An identifier people or systems type or generate (a user id, a subject): no control characters
 * (line breaks, tabs, DEL…, which display as nothing and make two ids look alike), 1..200 characters.
 */
export const IDENTIFIER_PATTERN = /^\P{Cc}+$/u;

export const IdentifierSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(IDENTIFIER_PATTERN, {
    error: localizedMessage(
      localized(
        'must not contain control characters (line breaks, tabs, DEL…)',
        '不能包含控制字符（换行、制表符、DEL 等）',
      ),
    ),
  });

/**
 * The one e-mail pattern of the API, the forms (`format: email`) and their documents: dot-separated
 * atoms of letters, digits, `_ ' + -` before the `@`; after it, host labels of letters, digits and
 * inner hyphens, and a top-level domain of letters; at most 64 characters before the `@`, 254 in all.
 * Every address it accepts is also one the events' schema (zod's e-mail check) accepts.
 */
export const EMAIL_PATTERN =
  /^(?=.{1,254}$)(?=[^@]{1,64}@)(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export const EmailSchema = z
  .email({
    pattern: EMAIL_PATTERN,
    error: localizedMessage(
      localized('must be an e-mail address such as li.wei@example.com', '须为邮箱地址，例如 li.wei@example.com'),
    ),
  })
  .max(254);

/** Name of a field of an offering's dynamic form (a JSON Schema property). */
export const FormFieldNameSchema = storableString().min(1).max(200);

export const RoleNameSchema = storableString().min(1).max(100);

/** Region codes such as 'cn-south' route work to regional teams. */
export const RegionCodeSchema = SlugSchema;

export interface ReadableIssue {
  /** Dotted path into the validated value, e.g. `taskPlan.tasks[0].key`; empty for the root. */
  path: string;
  message: string;
  code: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, segment) => {
    if (typeof segment === 'number') return `${acc}[${segment}]`;
    const name = String(segment);
    return acc === '' ? name : `${acc}.${name}`;
  }, '');
}

export function toReadableIssues(error: z.ZodError): ReadableIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message, code: issue.code }));
}

/** Reports duplicates in a list of keys as issues on the offending elements. */
export function checkUniqueKeys(
  keys: readonly string[],
  ctx: z.RefinementCtx,
  pathOf: (index: number) => PropertyKey[],
  what: LocalizedText,
): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        message: say(localized(`duplicate ${what.en} '${key}'`, `${what['zh-CN']}「${key}」重复`)),
        path: pathOf(index),
      });
    }
    seen.add(key);
  });
}
