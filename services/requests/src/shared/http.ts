// The HTTP helpers every service shares (ids, cursors, OpenAPI schemas, documented problems).
export { ApiResult, cursorId, openApiSchema, pageSchema, parseId } from '@itsm/platform/service';
