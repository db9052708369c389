export { PlatformModule } from './platform.module';
export type { PlatformModuleOptions } from './platform.module';
export { createServiceApp } from './create-service-app';
export type { ServiceAppOptions } from './create-service-app';
export { securityHeaders } from './security-headers';
export { configureHttpServer, httpServerSettingsOf } from './http-server';
export type { HttpServerSettings } from './http-server';
export { ApiResult, cursorId, openApiSchema, pageSchema, parseId } from './http-api';
export type { JsonSchema } from './http-api';
