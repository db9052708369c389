export { PlatformModule } from './platform.module';
export type { PlatformModuleOptions } from './platform.module';
export { createServiceApp, serveOpenApi, serviceOpenApiDocument } from './create-service-app';
export type { ServiceAppOptions } from './create-service-app';
export { securityHeaders } from './security-headers';
export { configureHttpServer, httpServerSettingsOf } from './http-server';
export type { HttpServerSettings } from './http-server';
export { ApiCreated, ApiQueryParams, ApiResult, cursorId, openApiSchema, pageSchema, parseId } from './http-api';
export {
  completeOpenApiDocument,
  problemResponseRef,
  PROBLEM_SCHEMA,
  SERVICE_PROBLEMS,
  OTHER_PATHS,
} from './openapi-document';
export type { CommonProblems, JsonSchema } from './openapi-document';
