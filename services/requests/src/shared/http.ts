// The HTTP helpers every service shares (ids, cursors, OpenAPI schemas, documented problems).
export {
  ApiCreated,
  ApiQueryParams,
  ApiResult,
  cursorId,
  openApiSchema,
  pageSchema,
  parseId,
} from '@itsm/platform/service';
