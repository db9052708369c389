import { EntityManager, ObjectLiteral, QueryFailedError } from 'typeorm';
import { createEvent, EventContract, EventDataInput } from '@itsm/contracts';
import { ConflictError, NotFoundError } from '@itsm/platform/errors';
import { Outbox } from '@itsm/platform/messaging';

/** A unique-code clash becomes a 409 naming the field, not a 500. */
export function rethrowUniqueViolation(err: unknown, code: string, value: string): never {
  const pgCode = err instanceof QueryFailedError ? (err.driverError as { code?: string } | undefined)?.code : undefined;
  if (pgCode === '23505') {
    throw new ConflictError(code, `code '${value}' is already taken`, { fields: [{ path: 'code', code: 'taken', message: `'${value}' is already taken` }] });
  }
  throw err;
}

/** Saves an aggregate and writes its event in the same transaction. */
export async function saveWithEvent<E extends ObjectLiteral & { id: string; code: string }, C extends EventContract>(
  manager: EntityManager,
  outbox: Outbox,
  entity: E,
  contract: C,
  snapshot: (saved: E) => EventDataInput<C>,
  codeTakenError: string,
): Promise<E> {
  let saved: E;
  try {
    saved = await manager.save(entity);
  } catch (err) {
    rethrowUniqueViolation(err, codeTakenError, entity.code);
  }
  await outbox.append(manager, createEvent(contract, saved.id, snapshot(saved)));
  return saved;
}

/** Loads a row for update (row lock), so concurrent edits of one aggregate serialize. */
export async function lockById<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => E,
  id: string,
  notFoundCode: string,
): Promise<E> {
  const found = await manager.getRepository(entity).findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!found) throw new NotFoundError(notFoundCode, `no ${entity.name} with id ${id}`);
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
  if (!found) throw new NotFoundError(notFoundCode, `no ${entity.name} with id ${id}`);
  return found;
}

/** Checks that referenced aggregates exist (and are not archived) before a write refers to them. */
export async function missingIds(manager: EntityManager, table: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows: { id: string }[] = await manager.query(`select id from ${table} where id = any($1::uuid[]) and not archived`, [unique]);
  const found = new Set(rows.map((r) => r.id));
  return unique.filter((id) => !found.has(id));
}
