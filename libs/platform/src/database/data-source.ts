import {
  DataSource,
  DataSourceOptions,
  EntityManager,
  EntityTarget,
  MixedList,
  EntitySchema,
  ObjectLiteral,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { SnakeNamingStrategy } from './naming.strategy';
import type { Statement } from './statement';
import { PLATFORM_MIGRATIONS } from './platform-migrations';
import { OutboxCommitSubscriber } from '../messaging/outbox';
import { AuditRecord } from '../audit/audit-record.entity';

type Entity = string | (new (...args: never[]) => unknown) | EntitySchema;
type Migration = string | (new (...args: never[]) => unknown);

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own entities; the platform's (the audit record) are added. */
  entities: Entity[];
  /** The service's own migrations; the platform's run first. */
  migrations: Migration[];
  poolSize?: number;
  applicationName?: string;
}

/**
 * One factory for every service: snake_case, explicit migrations (applied at start by `migrate`,
 * under a lock), never synchronize.
 */
export function dataSourceOptions(opts: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: [...opts.entities, AuditRecord] as MixedList<Entity> as DataSourceOptions['entities'],
    migrations: [...PLATFORM_MIGRATIONS, ...opts.migrations] as DataSourceOptions['migrations'],
    // Wakes the outbox relay when a transaction that wrote events commits.
    subscribers: [OutboxCommitSubscriber],
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // A connection that cannot be had within 5 s fails the request (a 503) instead of holding it
    // until the database returns: node-postgres would wait forever by default.
    extra: { max: opts.poolSize ?? 10, application_name: opts.applicationName, connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource(dataSourceOptions(opts));
}

/** Runs work in a transaction, reusing the caller's one when given. */
export async function inTransaction<T>(
  dataSource: DataSource,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (manager?.queryRunner?.isTransactionActive) return work(manager);
  return dataSource.transaction(work);
}

/** Columns written when an entity changes: not its key, version, timestamps, generated values or columns written once (`update: false`). */
function changeableColumns(meta: EntityMetadata): ColumnMetadata[] {
  return meta.columns.filter(
    (c) => c.isUpdate && !(c.isPrimary || c.isVersion || c.isCreateDate || c.isUpdateDate || c.isGenerated),
  );
}

/**
 * Writes back an entity the transaction already holds (loaded, usually row-locked, or inserted
 * by it) with one UPDATE: `manager.save` would first read the row again to work out what changed.
 * Every column is written; the version and update time advance as `save` would advance them.
 */
export async function saveHeld<T extends ObjectLiteral>(manager: EntityManager, entity: T): Promise<void> {
  const meta = manager.connection.getMetadata(entity.constructor);
  const values: Record<string, unknown> = {};
  for (const column of changeableColumns(meta)) values[column.propertyName] = column.getEntityValue(entity);
  const result = await manager.update(meta.target, meta.getEntityIdMap(entity)!, values);
  if (result.affected !== 1)
    throw new Error(`${meta.name} ${JSON.stringify(meta.getEntityIdMap(entity))} was not there to update`);
  advanceVersion(meta, entity);
}

/** What `saveHeld` does to the entity in memory once its row was updated. */
export function advanceVersion<T extends ObjectLiteral>(meta: EntityMetadata, entity: T): void {
  if (meta.versionColumn)
    meta.versionColumn.setEntityValue(entity, Number(meta.versionColumn.getEntityValue(entity)) + 1);
  if (meta.updateDateColumn) meta.updateDateColumn.setEntityValue(entity, new Date());
}

/**
 * `saveHeld` as a statement, to be sent with others in one round trip (parameters from
 * `$${first + 1}`); the caller advances the version with `advanceVersion` once it ran.
 */
export function updateStatement<T extends ObjectLiteral>(manager: EntityManager, entity: T, first = 0): Statement {
  const meta = manager.connection.getMetadata(entity.constructor);
  const values: unknown[] = [];
  const param = (value: unknown) => `$${first + values.push(value)}`;
  const q = (name: string) => manager.connection.driver.escape(name);
  const set = changeableColumns(meta).map(
    (c) =>
      `${q(c.databaseName)} = ${param(manager.connection.driver.preparePersistentValue(c.getEntityValue(entity), c))}`,
  );
  if (meta.versionColumn) set.push(`${q(meta.versionColumn.databaseName)} = ${q(meta.versionColumn.databaseName)} + 1`);
  if (meta.updateDateColumn) set.push(`${q(meta.updateDateColumn.databaseName)} = now()`);
  const where = meta.primaryColumns
    .map((c) => `${q(c.databaseName)} = ${param(c.getEntityValue(entity))}`)
    .join(' and ');
  return { sql: `update ${q(meta.tablePath)} set ${set.join(', ')} where ${where}`, values };
}

/** What an insert gives a new entity that does not say: version 1, created and updated now. */
export function fillInsertDefaults<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entities: T[],
): void {
  const meta = manager.connection.getMetadata(target);
  const now = new Date();
  for (const entity of entities) {
    if (meta.versionColumn && meta.versionColumn.getEntityValue(entity) === undefined)
      meta.versionColumn.setEntityValue(entity, 1);
    for (const column of [meta.createDateColumn, meta.updateDateColumn]) {
      if (column && column.getEntityValue(entity) === undefined) column.setEntityValue(entity, now);
    }
  }
}

/**
 * The insert of new entities as a statement, to be sent with others in one round trip (see
 * `fillInsertDefaults`); a value left undefined takes the column's default.
 */
export function insertStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entities: T[],
  first = 0,
): Statement {
  const meta = manager.connection.getMetadata(target);
  const q = (name: string) => manager.connection.driver.escape(name);
  const columns = meta.columns;
  const values: unknown[] = [];
  const rows = entities.map((entity) => {
    const cells = columns.map((c) => {
      const value: unknown = c.getEntityValue(entity);
      if (value === undefined) return 'default';
      return `$${first + values.push(manager.connection.driver.preparePersistentValue(value, c))}`;
    });
    return `(${cells.join(', ')})`;
  });
  return {
    sql: `insert into ${q(meta.tablePath)} (${columns.map((c) => q(c.databaseName)).join(', ')}) values ${rows.join(', ')}`,
    values,
  };
}
