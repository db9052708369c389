import { ConflictError } from '@itsm/platform/errors';

/** Rejects an edit made against a version the client no longer sees. */
export function checkExpectedVersion(entity: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== entity.version) {
    throw new ConflictError('concurrency.version_mismatch', `${what} is at version ${entity.version}, not ${expected}; reload and retry`, {
      extra: { currentVersion: entity.version },
    });
  }
}
