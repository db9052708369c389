import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/** A statement whose text never changes, by a name unique in the process. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, string>();

/**
 * Declares a statement that runs prepared: Postgres parses and plans it once per connection rather
 * than at every call (on the submission path, planning cost as much as running some lookups). Only
 * for fixed text: each one stays prepared on every connection of the pool for its lifetime.
 */
export function preparedStatement(name: string, text: string): PreparedStatement {
  // One name, one text: a connection refuses a name it prepared with other text.
  if ((declared.get(name) ?? text) !== text)
    throw new Error(`prepared statement '${name}' is declared twice with different text`);
  declared.set(name, text);
  return { name, text };
}

/**
 * Runs a prepared statement in the manager's transaction (or on a pooled connection when it has
 * none) and returns its rows; a failure is TypeORM's QueryFailedError, as from `manager.query`.
 */
export async function queryPrepared<R extends QueryResultRow>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<R[]> {
  // TypeORM's Postgres query runner hands out the pg client it runs on.
  const runner = manager.queryRunner as { connect(): Promise<PoolClient> } | undefined;
  const client: Pick<Pool, 'query'> = runner
    ? await runner.connect()
    : (manager.connection.driver as unknown as { master: Pool }).master;
  try {
    return (await client.query<R>({ name: statement.name, text: statement.text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}
