/** Public entry of @itsm/contracts: event envelope, contracts, topic registry and AsyncAPI. */

/** Bumped when the library's public shape changes incompatibly. */
export const CONTRACTS_VERSION = 1;

export {
  SLUG_PATTERN,
  UuidSchema,
  SlugSchema,
  TimestampSchema,
  LocalizedTextSchema,
  IsoDurationSchema,
  PositiveIsoDurationSchema,
  IanaTimeZoneSchema,
  TIME_ZONE_FORMAT,
  isValidTimeZone,
  LocalTimeSchema,
  CurrencyCodeSchema,
  FormFieldNameSchema,
  IDENTIFIER_PATTERN,
  IdentifierSchema,
  EMAIL_PATTERN,
  EmailSchema,
  RoleNameSchema,
  RegionCodeSchema,
  isValidIsoDuration,
  storableString,
  NUL_CHARACTER_MESSAGE,
  toReadableIssues,
} from './common/primitives.schema';
export type { Slug, ReadableIssue } from './common/primitives.schema';
export { localized } from './common/localized-text';
export type { LocalizedText } from './common/localized-text';
export { localizedMessage, say, inMessageLanguage } from './common/localized-message';
export type { MessageLanguage } from './common/localized-message';
export * from './catalog';
export * from './requests';
export * from './registry';
export * from './envelope';
export { newUuidV7 } from './uuid-v7';
export * from './asyncapi';
