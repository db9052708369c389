import { ERROR_CODE_PATTERN } from '../errors';

/** A JSON Schema object as OpenAPI documents take it. */
export type JsonSchema = Record<string, unknown>;

type Json = { [key: string]: unknown };

/** Root extension naming what paths and methods the document does not list answer (an unknown route's 404). */
export const OTHER_PATHS = 'x-other-paths';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const LOCALIZED_TEXT: JsonSchema = {
  type: 'object',
  required: ['en', 'zh-CN'],
  properties: { en: { type: 'string' }, 'zh-CN': { type: 'string' } },
};

export const PROBLEM_SCHEMA_NAME = 'Problem';

/** RFC 9457 problem details as every service and the gateway send them. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'RFC 9457 problem details. `title`, `detail` and each field `message` follow Accept-Language (zh → Chinese, otherwise English). / 问题详情：标题、说明与字段信息按 Accept-Language 返回中文或英文。',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: '`https://itsm.dev/problems/<code>`' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: {
      type: 'string',
      pattern: ERROR_CODE_PATTERN.source,
      description: 'Stable error code, e.g. catalog.task_plan.cycle or requests.form.invalid / 稳定的错误码',
    },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path that was called / 所调用的路径' },
    correlationId: {
      type: 'string',
      description:
        'The HTTP request id (`x-request-id`) of this answer: quote it when reporting a problem. / 本次 HTTP 请求的 ID（x-request-id），报告问题时请提供。',
    },
    fields: {
      type: 'array',
      description: 'The inputs at fault. / 出错的输入项。',
      items: {
        type: 'object',
        required: ['path', 'code', 'message', 'messages'],
        properties: {
          path: {
            type: 'string',
            description: 'Like code: `taskPlan.tasks[2].dependsOn`; empty for the whole input / 字段路径',
          },
          code: { type: 'string' },
          message: {
            type: 'string',
            description: 'In the language Accept-Language asked for / 按 Accept-Language 的语言',
          },
          messages: { ...LOCALIZED_TEXT, description: 'The message in both languages / 中英文错误信息' },
          label: { ...LOCALIZED_TEXT, description: 'Form field label in both languages / 表单字段的中英文名称' },
        },
      },
    },
    allowed: {
      type: 'array',
      items: { type: 'string' },
      description: 'On 409 transitions: the states allowed from the current one. / 当前状态可变更到的状态。',
    },
    retryAfterSeconds: {
      type: 'integer',
      minimum: 0,
      description: 'Same as the Retry-After header / 与 Retry-After 头相同',
    },
  },
};

const RETRY_AFTER = (required: boolean): Json => ({
  required,
  description: 'Seconds to wait before trying again / 重试前应等待的秒数',
  schema: { type: 'integer', minimum: 0 },
});

/** The problem answers operations share, by status: documented once under components.responses. */
const COMMON_RESPONSES: Record<string, { name: string; description: string; headers?: Json }> = {
  '400': {
    name: 'BadRequest',
    description:
      'Invalid input: malformed JSON, a bad id, query or body; `fields` lists what is wrong. / 输入无效，fields 列出出错的字段。',
  },
  '401': { name: 'Unauthorized', description: 'No valid access token (or API key). / 缺少有效的访问令牌或 API 密钥。' },
  '403': {
    name: 'Forbidden',
    description: 'The token lacks the role, department or scope this needs. / 令牌缺少所需的角色、部门或权限范围。',
  },
  '404': {
    name: 'NotFound',
    description: 'No such resource or route, or not one you may see. / 资源或路径不存在，或无权查看。',
  },
  '409': {
    name: 'Conflict',
    description:
      'Conflicts with the current state or version (`allowed` lists the possible transitions). / 与当前状态或版本冲突。',
  },
  '412': { name: 'PreconditionFailed', description: 'A precondition of the request does not hold. / 前置条件不满足。' },
  '413': { name: 'PayloadTooLarge', description: 'Body larger than HTTP_BODY_LIMIT. / 请求体超过 HTTP_BODY_LIMIT。' },
  '415': {
    name: 'UnsupportedMediaType',
    description: 'Body sent in a media type or encoding that is not accepted (send JSON). / 不支持的请求体类型或编码。',
  },
  '422': {
    name: 'UnprocessableContent',
    description: 'Cannot be done as asked (e.g. an Idempotency-Key reused with another body). / 无法按请求处理。',
  },
  '429': {
    name: 'TooManyRequests',
    description:
      'Rate limit or sign-in lockout; wait as Retry-After says. / 请求过于频繁或账号被临时锁定，请按 Retry-After 等待。',
    headers: { 'Retry-After': RETRY_AFTER(true) },
  },
  '503': {
    name: 'ServiceUnavailable',
    description:
      'The service cannot answer now (its database, a provider it needs, or at the gateway the service itself is down); try again after Retry-After. / 服务暂不可用，请按 Retry-After 稍后重试。',
    headers: { 'Retry-After': RETRY_AFTER(false) },
  },
  '504': {
    name: 'GatewayTimeout',
    description: 'The service did not answer in time; try again after Retry-After. / 服务响应超时，请稍后重试。',
    headers: { 'Retry-After': RETRY_AFTER(true) },
  },
};

/** `#/components/responses/<name>` of a common problem answer. */
export function problemResponseRef(status: number): Json {
  const common = COMMON_RESPONSES[String(status)];
  if (!common) throw new Error(`no common problem response for ${status}`);
  return { $ref: `#/components/responses/${common.name}` };
}

/** The problem statuses an operation may answer with, beyond those it declares itself. */
export interface CommonProblems {
  /** Answered by every operation (400: a malformed body or query is refused before the handler). */
  always: number[];
  /** Operations that need a token or key (401, 403; 503 when what checks them is down). */
  secured: number[];
  /** Operations with a path parameter (404: no such resource). */
  withPathParameters: number[];
  /** POST, PUT, PATCH and DELETE: they take a body (413, 415). */
  withBody: number[];
  /** What a path or method the document does not list answers. */
  otherPaths: number[];
}

/** What a service built on createServiceApp answers besides each operation's own problems. */
export const SERVICE_PROBLEMS: CommonProblems = {
  always: [400],
  secured: [401, 403, 503],
  withPathParameters: [404],
  withBody: [413, 415],
  otherPaths: [400, 404, 413, 415],
};

/**
 * Completes a generated OpenAPI document with what @nestjs/swagger cannot see: the problem schema
 * and the shared problem answers every operation can give (`problems`), a problem body for problem
 * statuses declared without one, and what paths the document does not list answer. Mutates and
 * returns `document`.
 */
export function completeOpenApiDocument<D extends object>(document: D, problems: CommonProblems): D {
  const doc = document as Json;
  const components = (doc['components'] ??= {}) as Json;
  const schemas = (components['schemas'] ??= {}) as Json;
  schemas[PROBLEM_SCHEMA_NAME] = PROBLEM_SCHEMA;
  const responses = (components['responses'] ??= {}) as Json;
  for (const common of Object.values(COMMON_RESPONSES)) {
    responses[common.name] = {
      description: common.description,
      ...(common.headers ? { headers: common.headers } : {}),
      content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } },
    };
  }
  const rootSecurity = Array.isArray(doc['security']) ? doc['security'] : [];
  for (const [path, item] of Object.entries(asJson(doc['paths']))) {
    for (const method of HTTP_METHODS) {
      const operation = asJson(asJson(item)[method]);
      if (!asJson(item)[method]) continue;
      const security = Array.isArray(operation['security']) ? operation['security'] : rootSecurity;
      // `[{}]` (or `[]`) means no credentials needed.
      const secured =
        security.length > 0 && security.every((requirement) => Object.keys(asJson(requirement)).length > 0);
      const statuses = [
        ...problems.always,
        ...(secured ? problems.secured : []),
        ...(path.includes('{') ? problems.withPathParameters : []),
        ...(BODY_METHODS.has(method) ? problems.withBody : []),
      ];
      operation['responses'] = withProblems(asJson(operation['responses']), statuses);
    }
  }
  doc[OTHER_PATHS] = {
    description: 'What any path or method not listed in `paths` answers. / 未列出的路径或方法的响应。',
    responses: withProblems({}, problems.otherPaths),
  };
  return document;
}

/** Adds the common problem answers for `statuses`, and gives declared problem statuses without a body the problem body. */
function withProblems(responses: Json, statuses: number[]): Json {
  const out: Json = { ...responses };
  for (const [status, response] of Object.entries(responses)) {
    const declared = asJson(response);
    if (Number(status) >= 400 && COMMON_RESPONSES[status] && !declared['content'] && !declared['$ref']) {
      out[status] = {
        ...problemResponseRef(Number(status)),
        ...(typeof declared['description'] === 'string' ? { description: declared['description'] } : {}),
      };
    }
  }
  for (const status of statuses) out[String(status)] ??= problemResponseRef(status);
  return sortByStatus(out);
}

function sortByStatus(responses: Json): Json {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function asJson(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
