import type { LocalizedText } from '@itsm/contracts';
import { localized } from '@itsm/contracts';

/** One invalid input field. `path` reads like code: `taskPlan.tasks[2].dependsOn` ('' = the whole input). */
export interface FieldError {
  path: string;
  code: string;
  /** What is wrong, in both languages: the problem shows the one Accept-Language asks for, and both. */
  message: LocalizedText;
  /** A form field's label, for forms to show next to the field. */
  label?: LocalizedText;
}

/**
 * Error codes are lower-case, dot-separated, snake_case segments: `<area>.<thing>.<what>`,
 * e.g. `validation.failed`, `catalog.task_plan.cycle`, `requests.request.not_found`.
 * A code is part of the API: never rename one that has shipped.
 */
export const ERROR_CODE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export interface DomainErrorOptions {
  code: string;
  status: number;
  title: LocalizedText;
  /** Occurrence-specific explanation, in both languages. */
  detail?: LocalizedText;
  fields?: FieldError[];
  /** Extension members of the problem document, e.g. `{ allowed: [...] }`. */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/** Optional parts the specific errors below accept. */
export interface DomainErrorExtras {
  title?: LocalizedText;
  fields?: FieldError[];
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * A failure the domain expects and the client can act on. The code and status travel with the
 * error, so one mapper (ProblemExceptionFilter) turns every DomainError into a problem response.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: LocalizedText;
  readonly detail?: LocalizedText;
  readonly fields?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(options: DomainErrorOptions) {
    const detail = options.detail;
    super(`${options.code}: ${(detail ?? options.title).en}`, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.title = options.title;
    this.detail = detail;
    this.fields = options.fields;
    this.extra = options.extra;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, detail?: LocalizedText, extras: DomainErrorExtras = {}) {
    super({
      code,
      status: 404,
      title: extras.title ?? localized('Not found', '资源不存在'),
      detail,
      ...rest(extras),
    });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, detail?: LocalizedText, extras: DomainErrorExtras = {}) {
    super({
      code,
      status: 409,
      title: extras.title ?? localized('Conflict', '与当前状态冲突'),
      detail,
      ...rest(extras),
    });
  }
}

/** No valid credentials: 401. The detail says which check failed, never the token itself. */
export class UnauthorizedError extends DomainError {
  constructor(code: string, detail?: LocalizedText, extras: DomainErrorExtras = {}) {
    super({
      code,
      status: 401,
      title: extras.title ?? localized('Authentication required', '需要身份认证'),
      detail,
      ...rest(extras),
    });
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, detail?: LocalizedText, extras: DomainErrorExtras = {}) {
    super({
      code,
      status: 403,
      title: extras.title ?? localized('Forbidden', '无权执行此操作'),
      detail,
      ...rest(extras),
    });
  }
}

export const VALIDATION_FAILED = 'validation.failed';

/** Bad input: 400 with every offending field listed. */
export class ValidationError extends DomainError {
  declare readonly fields: FieldError[];

  constructor(
    fields: FieldError[],
    detail?: LocalizedText,
    extras: Omit<DomainErrorExtras, 'fields'> & { code?: string } = {},
  ) {
    const count = fields.length;
    super({
      code: extras.code ?? VALIDATION_FAILED,
      status: 400,
      title: extras.title ?? localized('Validation failed', '输入校验未通过'),
      detail:
        detail ??
        localized(
          count === 1 ? `1 field is invalid: ${fields[0].path || '(input)'}` : `${count} fields are invalid`,
          `${count} 个字段无效`,
        ),
      fields,
      extra: extras.extra,
      cause: extras.cause,
    });
  }
}

export const INVALID_STATE_TRANSITION = 'state.transition_not_allowed';

/** An illegal state-machine move: 409 listing the transitions that are allowed from `from`. */
export class InvalidStateTransitionError extends DomainError {
  constructor(
    from: string,
    to: string,
    allowed: readonly string[],
    extras: Omit<DomainErrorExtras, 'fields'> & { code?: string; detail?: LocalizedText } = {},
  ) {
    const list = allowed.length > 0 ? allowed.join(', ') : 'none';
    super({
      code: extras.code ?? INVALID_STATE_TRANSITION,
      status: 409,
      title: extras.title ?? localized('Transition not allowed', '不允许的状态变更'),
      detail:
        extras.detail ??
        localized(
          `cannot go from '${from}' to '${to}'; allowed from '${from}': ${list}`,
          `无法从「${from}」变更为「${to}」；「${from}」可变更为：${allowed.length > 0 ? allowed.join('、') : '无'}`,
        ),
      extra: { ...extras.extra, from, to, allowed: [...allowed] },
      cause: extras.cause,
    });
  }
}

function rest(extras: DomainErrorExtras): Omit<DomainErrorExtras, 'title'> {
  return { fields: extras.fields, extra: extras.extra, cause: extras.cause };
}
