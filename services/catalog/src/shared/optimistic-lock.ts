import { ConflictError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

/** Rejects an edit made against a version the client no longer sees. */
export function checkExpectedVersion(entity: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== entity.version) {
    throw new ConflictError(
      'concurrency.version_mismatch',
      localized(
        `${what} is at version ${entity.version}, not ${expected}; reload and retry`,
        `${what} 当前为版本 ${entity.version}，而不是 ${expected}；请刷新后重试`,
      ),
      {
        extra: { currentVersion: entity.version },
      },
    );
  }
}
