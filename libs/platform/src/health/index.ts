export { HealthModule } from './health.module';
export type { HealthOptions } from './health.options';
export { databaseIndicator } from './database.indicator';
export { ApiHealthCheck } from './health-api';
