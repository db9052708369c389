export { dataSourceOptions, createDataSource, inTransaction, saveHeld, advanceVersion, updateStatement, insertStatement, fillInsertDefaults } from './data-source';
export type { ServiceDataSourceOptions, Statement } from './data-source';
export { SnakeNamingStrategy, snakeCase } from './naming.strategy';
export { newId, isUuid, isUuidV7 } from './ids';
export { PLATFORM_MIGRATIONS } from './platform-migrations';
export { encodeCursor, decodeCursor, pageOf } from './pagination';
export type { Page, PageRequest } from './pagination';
export { preparedStatement, queryPrepared } from './prepared';
export type { PreparedStatement } from './prepared';
