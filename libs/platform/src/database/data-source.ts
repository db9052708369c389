import { DataSource, DataSourceOptions, EntityManager, MixedList, EntitySchema, ObjectLiteral } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';
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

/** One factory for every service: snake_case, explicit migrations applied at start, never synchronize. */
export function dataSourceOptions(opts: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: [...opts.entities, AuditRecord] as MixedList<Entity> as DataSourceOptions['entities'],
    migrations: [...PLATFORM_MIGRATIONS, ...opts.migrations] as DataSourceOptions['migrations'],
    // Wakes the outbox relay when a transaction that wrote events commits.
    subscribers: [OutboxCommitSubscriber],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: opts.poolSize ?? 10, application_name: opts.applicationName },
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

/**
 * Writes back an entity the transaction already holds (loaded, usually row-locked, or inserted
 * by it) with one UPDATE: `manager.save` would first read the row again to work out what changed.
 * Every column is written; the version and update time advance as `save` would advance them.
 */
export async function saveHeld<T extends ObjectLiteral>(manager: EntityManager, entity: T): Promise<void> {
  const meta = manager.connection.getMetadata(entity.constructor);
  const values: Record<string, unknown> = {};
  for (const column of meta.columns) {
    if (column.isPrimary || column.isVersion || column.isCreateDate || column.isUpdateDate || column.isGenerated) continue;
    values[column.propertyName] = column.getEntityValue(entity);
  }
  const result = await manager.update(meta.target, meta.getEntityIdMap(entity)!, values);
  if (result.affected !== 1) throw new Error(`${meta.name} ${JSON.stringify(meta.getEntityIdMap(entity))} was not there to update`);
  if (meta.versionColumn) meta.versionColumn.setEntityValue(entity, Number(meta.versionColumn.getEntityValue(entity)) + 1);
  if (meta.updateDateColumn) meta.updateDateColumn.setEntityValue(entity, new Date());
}
