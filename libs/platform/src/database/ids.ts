import { validate, version } from 'uuid';
import { newUuidV7 } from '@itsm/contracts';

/** Time-ordered ids (UUIDv7): index-friendly and sortable by creation. */
export function newId(): string {
  return newUuidV7();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && validate(value);
}

export function isUuidV7(value: unknown): value is string {
  return isUuid(value) && version(value) === 7;
}
