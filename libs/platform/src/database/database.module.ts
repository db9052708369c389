import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions, ServiceDataSourceOptions } from './data-source';
import { DatabaseAvailability } from './database-availability';
import { isDatabaseUnavailable } from './availability';

// One key for every service: each has its own database, and advisory locks are per database.
const MIGRATION_LOCK_KEY = 727_274_000;

/**
 * Applies pending migrations while holding a session advisory lock: replicas starting together on
 * an empty database take turns, and the ones after the first find nothing left to do (without the
 * lock, two would both create the same tables and one would fail half-way through its start).
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** The service's database: TypeORM's DataSource, migrated at start under a lock, and whether it answers. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // A database that is not there yet (starting beside the service) is waited for, about a
          // minute; anything else, a failed migration above all, stops the start at once.
          useFactory: () => ({
            ...dataSourceOptions(options),
            retryAttempts: 20,
            retryDelay: 3000,
            toRetry: isDatabaseUnavailable,
          }),
          dataSourceFactory: async (resolved?: DataSourceOptions) => {
            const dataSource = await new DataSource(resolved!).initialize();
            try {
              await migrate(dataSource);
            } catch (err) {
              await dataSource.destroy().catch(() => undefined);
              throw err;
            }
            return dataSource;
          },
        }),
      ],
      providers: [DatabaseAvailability],
      exports: [DatabaseAvailability],
    };
  }
}
