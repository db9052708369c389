import { HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { localizedMessage } from '@itsm/contracts';
import {
  ConflictError,
  DomainError,
  ERROR_CODE_PATTERN,
  fieldErrorsFromIssues,
  formatIssuePath,
  INPUT_UNSTORABLE_VALUE,
  InvalidStateTransitionError,
  negotiateLanguage,
  NotFoundError,
  parseWith,
  toDomainError,
  toProblem,
  ValidationError,
} from './index';

describe('DomainError helpers', () => {
  it('carry code, status, bilingual title and a useful message', () => {
    const error = new NotFoundError('catalog.offering.not_found', { en: 'no offering 42', 'zh-CN': '没有服务项 42' });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'catalog.offering.not_found', status: 404, name: 'NotFoundError' });
    expect(error.title).toEqual({ en: 'Not found', 'zh-CN': '资源不存在' });
    expect(error.message).toBe('catalog.offering.not_found: no offering 42');
  });

  it('accept fields and extension members', () => {
    const error = new ConflictError(
      'concurrency.version_mismatch',
      { en: 'reload', 'zh-CN': '请刷新' },
      { extra: { currentVersion: 3 } },
    );
    expect(toProblem(error)).toMatchObject({ status: 409, currentVersion: 3, detail: 'reload' });
  });

  it('list the allowed transitions on an illegal one', () => {
    const error = new InvalidStateTransitionError('closed', 'in_progress', ['reopened']);
    expect(error.status).toBe(409);
    expect(error.code).toBe('state.transition_not_allowed');
    expect(toProblem(error)).toMatchObject({ from: 'closed', to: 'in_progress', allowed: ['reopened'] });
    expect(toProblem(error, { language: 'zh-CN' }).detail).toContain('「closed」可变更为：reopened');
  });

  it('use one code convention', () => {
    for (const code of [
      'validation.failed',
      'catalog.task_plan.cycle',
      'http.payload_too_large',
      'state.transition_not_allowed',
    ]) {
      expect(code).toMatch(ERROR_CODE_PATTERN);
    }
    for (const code of ['NOT_FOUND', 'catalog-offering.not-found', 'notfound', 'catalog.Offering']) {
      expect(code).not.toMatch(ERROR_CODE_PATTERN);
    }
  });
});

describe('toProblem', () => {
  it('localizes title and detail and never lets extensions override members', () => {
    const error = new DomainError({
      code: 'catalog.task_plan.cycle',
      status: 422,
      title: { en: 'Task plan has a cycle', 'zh-CN': '任务计划存在循环依赖' },
      detail: { en: 'a → b → a', 'zh-CN': 'a → b → a（循环）' },
      extra: { status: 200, cycle: ['a', 'b'] },
    });
    expect(toProblem(error, { language: 'zh-CN', instance: '/offerings', correlationId: 'r1' })).toEqual({
      type: 'https://itsm.dev/problems/catalog.task_plan.cycle',
      title: '任务计划存在循环依赖',
      status: 422,
      code: 'catalog.task_plan.cycle',
      detail: 'a → b → a（循环）',
      instance: '/offerings',
      correlationId: 'r1',
      cycle: ['a', 'b'],
    });
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,zh;q=0.5', 'zh-CN'],
    ['de', 'en'],
    ['zh;q=0, en', 'en'],
  ])('%s → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

describe('toDomainError', () => {
  it('maps unknown errors to internal.error without their message', () => {
    const { error, unexpected } = toDomainError(new Error('password=hunter2 at db'));
    expect(unexpected).toBe(true);
    expect(toProblem(error)).toEqual({
      type: 'https://itsm.dev/problems/internal.error',
      title: 'Internal server error',
      status: 500,
      code: 'internal.error',
    });
  });

  it('maps Nest HttpExceptions by status', () => {
    expect(toDomainError(new NotFoundException('Cannot GET /nope')).error).toMatchObject({
      code: 'http.not_found',
      status: 404,
      detail: { en: 'Cannot GET /nope', 'zh-CN': '没有 GET /nope 这个接口' },
    });
    expect(toDomainError(new HttpException('teapot', 418)).error).toMatchObject({
      code: 'http.status_418',
      status: 418,
    });
  });

  it('keeps extra members of object responses (terminus health details)', () => {
    const health = {
      status: 'error',
      info: {},
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' } },
    };
    const problem = toProblem(toDomainError(new ServiceUnavailableException(health)).error);
    expect(problem).toMatchObject({
      status: 503,
      code: 'http.service_unavailable',
      error: { database: { status: 'down' } },
    });
  });
});

describe('toDomainError on values the database refuses', () => {
  const secret = 'param-s3cret';
  /** What TypeORM throws when Postgres answers with an error: the query, its parameters, the driver error. */
  const queryFailed = (code: string, message: string, more: Record<string, unknown> = {}) =>
    new QueryFailedError(
      'insert into "team"("name") values ($1)',
      [`${secret}\u0000`],
      Object.assign(new Error(message), { severity: 'ERROR', code, ...more }),
    );

  it.each([
    ['22P05', 'unsupported Unicode escape sequence', 'cannot be stored, such as \\u0000'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00', 'not valid characters'],
    ['22003', 'numeric field overflow', 'too large or too small'],
    ['22001', 'value too long for type character varying(200)', 'longer than can be stored'],
    ['22P02', `invalid input syntax for type uuid: "${secret}"`, 'format'],
    ['22012', 'division by zero', 'cannot be stored as given'],
  ])('maps SQLSTATE %s (class 22, data exception) to 400 input.unstorable_value', (sqlState, message, detail) => {
    const mapped = toDomainError(queryFailed(sqlState, message));
    expect(mapped.unexpected).toBe(false);
    expect(mapped.error).toMatchObject({ code: INPUT_UNSTORABLE_VALUE, status: 400 });
    const problem = toProblem(mapped.error);
    expect(problem).toEqual({
      type: 'https://itsm.dev/problems/input.unstorable_value',
      title: 'Value cannot be stored',
      status: 400,
      code: 'input.unstorable_value',
      detail: expect.stringContaining(detail),
    });
    expect(toProblem(mapped.error, { language: 'zh-CN' }).title).toBe('输入的值无法保存');
    expect(mapped.warning).toContain(`SQLSTATE ${sqlState}`);
  });

  it('keeps the SQL parameters, the query and the driver message out of the problem, the warning and the cause', () => {
    const mapped = toDomainError(queryFailed('22P02', `invalid input syntax for type uuid: "${secret}"`));
    const everything = [
      JSON.stringify(toProblem(mapped.error)),
      mapped.warning,
      mapped.error.message,
      String(mapped.error.cause),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('insert into');
    expect(mapped.error.cause).toBeUndefined();
  });

  it('names the table and column in the warning when the driver reports them', () => {
    const mapped = toDomainError(queryFailed('22001', 'value too long', { table: 'team', column: 'name' }));
    expect(mapped.warning).toBe(
      'database refused a value: SQLSTATE 22001 (string data right truncation) in table team, column name',
    );
  });

  it("also recognizes the driver's own error, outside TypeORM", () => {
    const pgError = Object.assign(new Error('numeric field overflow'), { severity: 'ERROR', code: '22003' });
    expect(toDomainError(pgError)).toMatchObject({
      unexpected: false,
      error: { status: 400, code: INPUT_UNSTORABLE_VALUE },
    });
  });

  it.each([
    ['23505', 'a unique violation (callers map it to their own 409)'],
    ['40001', 'a serialization failure'],
    ['57014', 'a cancelled statement'],
  ])('leaves SQLSTATE %s, %s, an unexpected 500', (sqlState) => {
    const mapped = toDomainError(queryFailed(sqlState, 'boom'));
    expect(mapped).toMatchObject({ unexpected: true, error: { status: 500, code: 'internal.error' } });
    expect(mapped.warning).toBeUndefined();
  });

  it.each([
    ['08006', 'a lost connection'],
    ['57P01', 'a server shutting down'],
  ])('answers SQLSTATE %s, %s, 503 service.unavailable to retry', (sqlState) => {
    const mapped = toDomainError(queryFailed(sqlState, 'boom'));
    expect(mapped).toMatchObject({
      unexpected: false,
      error: { status: 503, code: 'service.unavailable', extra: { retryAfterSeconds: 5 } },
    });
  });

  it('ignores errors that merely carry a code-like string', () => {
    expect(toDomainError(Object.assign(new Error('x'), { code: '22001' })).unexpected).toBe(true);
  });
});

describe('parseWith', () => {
  const schema = z.object({
    name: z.string().min(1),
    taskPlan: z.object({ tasks: z.array(z.object({ dependsOn: z.array(z.string()) })) }).strict(),
  });

  it('returns the parsed value', () => {
    expect(parseWith(schema, { name: 'x', taskPlan: { tasks: [] } })).toEqual({ name: 'x', taskPlan: { tasks: [] } });
  });

  it('throws validation.failed listing every field', () => {
    let caught: unknown;
    try {
      parseWith(schema, { name: '', taskPlan: { tasks: [{ dependsOn: ['a'] }, { dependsOn: [1] }], extra: true } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error).toMatchObject({ code: 'validation.failed', status: 400 });
    expect(error.fields.map((f) => [f.path, f.code])).toEqual([
      ['name', 'too_small'],
      ['taskPlan.tasks[1].dependsOn[0]', 'invalid_type'],
      ['taskPlan.extra', 'unrecognized_keys'],
    ]);
  });

  it("gives every field message in both languages: zod's own in its Chinese locale, a schema's own as the schema states it", () => {
    const bilingual = z.strictObject({
      code: z
        .string()
        .regex(/^[a-z]+$/, { error: localizedMessage({ en: 'lowercase letters only', 'zh-CN': '只能是小写字母' }) }),
      count: z.number(),
      tags: z.array(z.string()).refine((tags) => new Set(tags).size === tags.length, {
        error: localizedMessage({ en: 'no repeats', 'zh-CN': '不能重复' }),
      }),
    });
    let caught: ValidationError | undefined;
    try {
      parseWith(bilingual, { code: 'A', count: 'x', tags: ['a', 'a'], extra: 1 });
    } catch (error) {
      caught = error as ValidationError;
    }
    expect(caught?.fields.map((f) => [f.path, f.message])).toEqual([
      ['code', { en: 'lowercase letters only', 'zh-CN': '只能是小写字母' }],
      [
        'count',
        {
          en: 'Invalid input: expected number, received string',
          'zh-CN': expect.stringMatching(/^无效输入：期望 数字/),
        },
      ],
      ['tags', { en: 'no repeats', 'zh-CN': '不能重复' }],
      ['extra', { en: 'unrecognized key "extra"', 'zh-CN': '未知字段「extra」' }],
    ]);
  });

  it('formats Standard Schema paths', () => {
    expect(formatIssuePath([{ key: 'a' }, { key: 0 }, 'b'])).toBe('a[0].b');
    expect(formatIssuePath([])).toBe('');
    expect(fieldErrorsFromIssues([{ message: 'bad' }])).toEqual([
      { path: '', code: 'invalid', message: { en: 'bad', 'zh-CN': '无效输入' } },
    ]);
  });
});
