export {
  DomainError,
  NotFoundError,
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
  InvalidStateTransitionError,
  ERROR_CODE_PATTERN,
  VALIDATION_FAILED,
  INVALID_STATE_TRANSITION,
  type DomainErrorOptions,
  type DomainErrorExtras,
  type FieldError,
} from './domain-error';
export {
  toDomainError,
  toProblem,
  negotiateLanguage,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  INTERNAL_ERROR,
  INPUT_UNSTORABLE_VALUE,
  type ProblemDetails,
  type ProblemLanguage,
  type ProblemContext,
  type MappedError,
} from './problem-details';
export { ProblemExceptionFilter } from './problem-exception.filter';
export {
  ZodBodyPipe,
  parseWith,
  schemaValidationPipe,
  fieldErrorsFromIssues,
  validationErrorFromIssues,
  formatIssuePath,
  type SchemaIssue,
} from './zod-body.pipe';
