export {
  dataSourceOptions,
  createDataSource,
  inTransaction,
  saveHeld,
  advanceVersion,
  updateStatement,
  insertStatement,
  fillInsertDefaults,
} from './data-source';
export type { ServiceDataSourceOptions } from './data-source';
export type { Statement } from './statement';
export { SnakeNamingStrategy, snakeCase } from './naming.strategy';
export { newId, isUuid, isUuidV7 } from './ids';
export { PLATFORM_MIGRATIONS } from './platform-migrations';
export { encodeCursor, decodeCursor, pageOf } from './pagination';
export type { Page, PageRequest } from './pagination';
export { preparedStatement, queryPrepared } from './prepared';
export type { PreparedStatement } from './prepared';
export { DatabaseModule, migrate } from './database.module';
export { DatabaseAvailability, DATABASE_PING_MS } from './database-availability';
export { isDatabaseUnavailable } from './availability';
