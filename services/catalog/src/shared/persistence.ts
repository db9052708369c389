import { EntityManager, ObjectLiteral, QueryFailedError } from 'typeorm';
import { createEvent, EventContract, EventDataInput, localized } from '@itsm/contracts';
import { ConflictError, NotFoundError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';

/** A unique-code clash becomes a 409 naming the field, not a 500. */
export function rethrowUniqueViolation(err: unknown, code: string, value: string): never {
  const pgCode = err instanceof QueryFailedError ? (err.driverError as { code?: string } | undefined)?.code : undefined;
  if (pgCode === '23505') {
    throw new ConflictError(code, localized(`code '${value}' is already taken`, `代码「${value}」已被占用`), {
      fields: [
        {
          path: 'code',
          code: 'taken',
          message: localized(`'${value}' is already taken`, `「${value}」已被占用`),
        },
      ],
    });
  }
  throw err;
}

/** How a reference-data change is audited: what kind of object, as it was, and whose it is. */
export interface AuditedAs {
  objectType: string;
  /** The snapshot before the change; null for a new object. */
  before: object | null;
  /** Department code the object belongs to, if any. */
  department?: string | null;
}

/** Saves an aggregate, writes its event and its audit record, all in the same transaction. */
export async function saveWithEvent<E extends ObjectLiteral & { id: string; code: string }, C extends EventContract>(
  manager: EntityManager,
  changes: ChangeRecorder,
  entity: E,
  contract: C,
  snapshot: (saved: E) => EventDataInput<C>,
  codeTakenError: string,
  audited: AuditedAs,
): Promise<E> {
  let saved: E;
  try {
    saved = await manager.save(entity);
  } catch (err) {
    rethrowUniqueViolation(err, codeTakenError, entity.code);
  }
  const after = snapshot(saved);
  await changes.record(manager, {
    events: createEvent(contract, saved.id, after),
    action: `${audited.objectType}.${audited.before === null ? 'created' : 'updated'}`,
    objectType: audited.objectType,
    department: audited.department,
    before: audited.before,
    after,
  });
  return saved;
}

/** Loads a row for update (row lock), so concurrent edits of one aggregate serialize. */
export async function lockById<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => E,
  id: string,
  notFoundCode: string,
): Promise<E> {
  const found = await manager
    .getRepository(entity)
    .findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!found)
    throw new NotFoundError(
      notFoundCode,
      localized(`no ${entity.name} with id ${id}`, `没有 id 为 ${id} 的 ${entity.name}`),
    );
  return found;
}

/** Reads one aggregate or fails with its not-found code. */
export async function findOrThrow<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => E,
  id: string,
  notFoundCode: string,
): Promise<E> {
  const found = await manager.getRepository(entity).findOne({ where: { id } as never });
  if (!found)
    throw new NotFoundError(
      notFoundCode,
      localized(`no ${entity.name} with id ${id}`, `没有 id 为 ${id} 的 ${entity.name}`),
    );
  return found;
}

/** Checks that referenced aggregates exist (and are not archived) before a write refers to them. */
export async function missingIds(manager: EntityManager, table: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows: { id: string }[] = await manager.query(
    `select id from ${table} where id = any($1::uuid[]) and not archived`,
    [unique],
  );
  const found = new Set(rows.map((r) => r.id));
  return unique.filter((id) => !found.has(id));
}
