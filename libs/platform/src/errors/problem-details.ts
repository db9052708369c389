import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../database/availability';
import type { LocalizedText } from '@itsm/contracts';
import { DomainError } from './domain-error';
import { localized } from '@itsm/contracts';

/** RFC 9457 problem document as our services send it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code; `type` is derived from it. */
  code: string;
  /** The HTTP request id (`x-request-id`) of the answer. */
  correlationId?: string;
  fields?: ProblemField[];
  [extension: string]: unknown;
}

/** A field error as the problem shows it: the message in the asked language, and in both. */
export interface ProblemField {
  path: string;
  code: string;
  message: string;
  messages: LocalizedText;
  label?: LocalizedText;
}

export type ProblemLanguage = 'en' | 'zh-CN';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://itsm.dev/problems/';
export const INTERNAL_ERROR = 'internal.error';

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId', 'fields']);

/** Titles for failures that don't come from our domain (routing, body parsing, framework). */
const HTTP_PROBLEMS: Record<number, { code: string; title: LocalizedText }> = {
  400: { code: 'http.bad_request', title: localized('Bad request', '请求无效') },
  401: { code: 'http.unauthorized', title: localized('Authentication required', '需要身份认证') },
  403: { code: 'http.forbidden', title: localized('Forbidden', '无权访问') },
  404: { code: 'http.not_found', title: localized('Not found', '资源不存在') },
  405: { code: 'http.method_not_allowed', title: localized('Method not allowed', '不支持该请求方法') },
  406: { code: 'http.not_acceptable', title: localized('Not acceptable', '无法提供所请求的格式') },
  408: { code: 'http.request_timeout', title: localized('Request timeout', '请求超时') },
  409: { code: 'http.conflict', title: localized('Conflict', '与当前状态冲突') },
  410: { code: 'http.gone', title: localized('Gone', '资源已不存在') },
  412: { code: 'http.precondition_failed', title: localized('Precondition failed', '前置条件不满足') },
  413: { code: 'http.payload_too_large', title: localized('Payload too large', '请求体过大') },
  415: { code: 'http.unsupported_media_type', title: localized('Unsupported media type', '不支持的媒体类型') },
  422: { code: 'http.unprocessable_content', title: localized('Unprocessable content', '无法处理的请求内容') },
  428: { code: 'http.precondition_required', title: localized('Precondition required', '缺少前置条件') },
  429: { code: 'http.too_many_requests', title: localized('Too many requests', '请求过于频繁') },
  500: { code: INTERNAL_ERROR, title: localized('Internal server error', '服务器内部错误') },
  501: { code: 'http.not_implemented', title: localized('Not implemented', '功能未实现') },
  502: { code: 'http.bad_gateway', title: localized('Bad gateway', '上游服务出错') },
  503: { code: 'http.service_unavailable', title: localized('Service unavailable', '服务暂不可用') },
  504: { code: 'http.gateway_timeout', title: localized('Gateway timeout', '上游服务超时') },
};

const MALFORMED_JSON = {
  code: 'http.malformed_json',
  title: localized('Malformed JSON', '请求体不是有效的 JSON'),
};

export interface MappedError {
  error: DomainError;
  /** A fault on our side whose cause must be logged rather than shown. */
  unexpected: boolean;
  /**
   * An expected failure worth a warning in the log (a value the database refused). Holds no
   * input values or SQL parameters, so it is safe to log as is.
   */
  warning?: string;
}

export const INPUT_UNSTORABLE_VALUE = 'input.unstorable_value';

const UNSTORABLE_TITLE: LocalizedText = localized('Value cannot be stored', '输入的值无法保存');

/** SQLSTATE class 22, "data exception": the database refused a value, so the input was bad. */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

const DATA_EXCEPTIONS: Record<string, { name: string; detail: LocalizedText }> = {
  '22P05': {
    name: 'untranslatable character',
    detail: localized(
      'a text contains a character that cannot be stored, such as \\u0000',
      '文本中含有无法保存的字符（例如 \\u0000）',
    ),
  },
  '22021': {
    name: 'character not in repertoire',
    detail: localized('a text contains bytes that are not valid characters', '文本中含有无效的字符编码'),
  },
  '22003': {
    name: 'numeric value out of range',
    detail: localized('a number is too large or too small to be stored', '数值超出可保存的范围'),
  },
  '22001': {
    name: 'string data right truncation',
    detail: localized('a text is longer than can be stored', '文本超出可保存的长度'),
  },
  '22P02': {
    name: 'invalid text representation',
    detail: localized('a value is not in the format its field requires', '某个值的格式不符合要求'),
  },
  '22007': {
    name: 'invalid datetime format',
    detail: localized('a date or time is not valid', '日期或时间无效'),
  },
  '22008': {
    name: 'datetime field overflow',
    detail: localized('a date or time is out of range', '日期或时间超出范围'),
  },
};

const OTHER_DATA_EXCEPTION = {
  name: 'data exception',
  detail: localized('a value cannot be stored as given', '某个值无法按原样保存'),
};

/**
 * The one mapper from anything thrown to a DomainError. Domain codes are data on the error,
 * so services need no filters of their own.
 */
export function toDomainError(exception: unknown): MappedError {
  if (exception instanceof DomainError) {
    // Something this service depends on is away or slow (503, 504): worth a warning, not an error's stack.
    if (exception.status === 503 || exception.status === 504)
      return { error: exception, unexpected: false, warning: exception.code };
    return { error: exception, unexpected: exception.status >= 500 };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDatabaseUnavailable(exception))
    return { error: databaseUnavailable(exception), unexpected: false, warning: 'the database is unavailable' };
  const dataException = dataExceptionOf(exception);
  if (dataException) return fromDataException(dataException);
  return { error: internalError(exception), unexpected: true };
}

interface DataException {
  sqlState: string;
  table?: string;
  column?: string;
}

/**
 * A Postgres data exception, as TypeORM's QueryFailedError (the driver error inside) or as the
 * driver's own error. Matched by shape, so this concern needs no TypeORM import.
 */
function dataExceptionOf(exception: unknown): DataException | undefined {
  if (!(exception instanceof Error)) return undefined;
  const driverError = (exception as { driverError?: unknown }).driverError;
  const fromTypeOrm = exception.name === 'QueryFailedError' && typeof driverError === 'object' && driverError !== null;
  const source = (fromTypeOrm ? driverError : exception) as {
    code?: unknown;
    severity?: unknown;
    table?: unknown;
    column?: unknown;
  };
  // Node's own errors carry `code` too ('ECONNRESET'); only the driver's errors have `severity`.
  if (!fromTypeOrm && typeof source.severity !== 'string') return undefined;
  if (typeof source.code !== 'string' || !DATA_EXCEPTION.test(source.code)) return undefined;
  return {
    sqlState: source.code,
    table: typeof source.table === 'string' ? source.table : undefined,
    column: typeof source.column === 'string' ? source.column : undefined,
  };
}

/**
 * 400 rather than 500: the input was bad, not the service. The driver's message can quote the
 * value ('invalid input syntax for type uuid: "…"') and the query error holds the SQL parameters,
 * so neither reaches the response, the log or the error's cause.
 */
function fromDataException({ sqlState, table, column }: DataException): MappedError {
  const known = DATA_EXCEPTIONS[sqlState] ?? OTHER_DATA_EXCEPTION;
  const where = [table && `table ${table}`, column && `column ${column}`].filter(Boolean).join(', ');
  return {
    error: new DomainError({
      code: INPUT_UNSTORABLE_VALUE,
      status: 400,
      title: UNSTORABLE_TITLE,
      detail: known.detail,
    }),
    unexpected: false,
    warning: `database refused a value: SQLSTATE ${sqlState} (${known.name})${where ? ` in ${where}` : ''}`,
  };
}

function fromHttpException(exception: HttpException): MappedError {
  const status = exception.getStatus();
  const cause = exception.cause as { type?: unknown; limit?: unknown } | undefined;
  const causeType = typeof cause?.type === 'string' ? cause.type : undefined;

  // 500 from the framework carries internals in its message: treat it like any unknown error.
  if (status === 500) return { error: internalError(exception), unexpected: true };

  if (status === 413) {
    const limit = typeof cause?.limit === 'number' ? cause.limit : undefined;
    return {
      error: fromTable(
        status,
        HTTP_PROBLEMS[413],
        exception,
        limit === undefined
          ? undefined
          : localized(`request body exceeds the limit of ${limit} bytes`, `请求体超过 ${limit} 字节的上限`),
        limit === undefined ? undefined : { limit },
      ),
      unexpected: false,
    };
  }
  if (status === 400 && (causeType === 'entity.parse.failed' || exception.cause instanceof SyntaxError)) {
    return {
      error: fromTable(status, MALFORMED_JSON, exception, bilingual(messageOf(exception), '请求体不是有效的 JSON')),
      unexpected: false,
    };
  }
  const known = HTTP_PROBLEMS[status] ?? {
    code: `http.status_${status}`,
    title: localized(STATUS_CODES[status] ?? 'Error', status >= 500 ? '服务器错误' : '请求失败'),
  };
  return {
    error: fromTable(
      status,
      known,
      exception,
      frameworkDetail(messageOf(exception), known.title),
      extensionsOf(exception),
    ),
    unexpected: false,
  };
}

function fromTable(
  status: number,
  entry: { code: string; title: LocalizedText },
  exception: HttpException,
  detail: LocalizedText | undefined,
  extra?: Record<string, unknown>,
): DomainError {
  return new DomainError({ code: entry.code, status, title: entry.title, detail, extra, cause: exception });
}

export const SERVICE_UNAVAILABLE = 'service.unavailable';

/** Seconds a client is told to wait before trying again while the database is away. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 rather than 500: nothing is wrong with the request, and nothing of it was written. */
function databaseUnavailable(cause: unknown): DomainError {
  return new DomainError({
    code: SERVICE_UNAVAILABLE,
    status: 503,
    title: HTTP_PROBLEMS[503].title,
    detail: localized(
      'the service cannot reach its database right now; nothing was changed, try again shortly',
      '服务暂时无法连接数据库，本次请求未做任何更改，请稍后重试',
    ),
    extra: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    cause,
  });
}

function internalError(cause: unknown): DomainError {
  return new DomainError({ code: INTERNAL_ERROR, status: 500, title: HTTP_PROBLEMS[500].title, cause });
}

/** The framework's own message (English) with a Chinese one beside it. */
function bilingual(en: string | undefined, zh: string): LocalizedText | undefined {
  return en === undefined ? undefined : localized(en, zh);
}

/** Express and Nest say `Cannot GET /x` for an unknown route; anything else gets the status' Chinese title. */
function frameworkDetail(message: string | undefined, title: LocalizedText): LocalizedText | undefined {
  const route = message === undefined ? null : /^Cannot ([A-Z]+) (.*)$/.exec(message);
  if (route) return localized(message!, `没有 ${route[1]} ${route[2]} 这个接口`);
  return bilingual(message, title['zh-CN']);
}

function messageOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

/**
 * Keeps members of an object response that Nest didn't add itself, so e.g. terminus' 503 body
 * (info/error/details per indicator) still reaches the caller as problem extensions.
 */
function extensionsOf(exception: HttpException): Record<string, unknown> | undefined {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(response)) {
    if (key === 'statusCode' || key === 'message' || RESERVED.has(key)) continue;
    if (key === 'error' && typeof value === 'string') continue;
    extra[key] = value;
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/**
 * `title` and `detail` are sent in one language, picked from Accept-Language (zh* → zh-CN,
 * anything else → en), as RFC 9457 allows titles to be localized by content negotiation.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): ProblemLanguage {
  if (!acceptLanguage) return 'en';
  let best: { language: ProblemLanguage; q: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    const language: ProblemLanguage | undefined = tag.startsWith('zh')
      ? 'zh-CN'
      : tag.startsWith('en')
        ? 'en'
        : undefined;
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}

export interface ProblemContext {
  instance?: string;
  /** The HTTP request id, shown as `correlationId`. */
  correlationId?: string;
  language?: ProblemLanguage;
}

export function toProblem(error: DomainError, context: ProblemContext = {}): ProblemDetails {
  const language = context.language ?? 'en';
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error.extra ?? {})) {
    if (!RESERVED.has(key)) extensions[key] = value;
  }
  const problem: ProblemDetails = {
    ...extensions,
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title[language],
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) problem.detail = error.detail[language];
  if (context.instance !== undefined) problem.instance = context.instance;
  if (context.correlationId !== undefined) problem.correlationId = context.correlationId;
  if (error.fields && error.fields.length > 0) {
    problem.fields = error.fields.map(({ message, label, ...field }) => ({
      ...field,
      message: message[language],
      messages: message,
      ...(label ? { label } : {}),
    }));
  }
  return problem;
}
