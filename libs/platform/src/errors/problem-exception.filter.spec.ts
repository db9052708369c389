import 'reflect-metadata';
import {
  type ArgumentsHost,
  Body,
  Controller,
  Get,
  type INestApplication,
  Logger,
  Module,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import express from 'express';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  InvalidStateTransitionError,
  NotFoundError,
  ProblemExceptionFilter,
  schemaValidationPipe,
  ZodBodyPipe,
} from './index';

const CreateThing = z.object({ name: z.string().min(1), tasks: z.array(z.object({ team: z.string() })) });

@Controller('things')
class ThingsController {
  @Get('missing') missing() {
    throw new NotFoundError('catalog.thing.not_found', { en: 'no thing 42', 'zh-CN': '没有 42' });
  }
  @Post('close') close() {
    throw new InvalidStateTransitionError('closed', 'closed', ['reopened']);
  }
  @Post() create(@Body(new ZodBodyPipe(CreateThing)) body: z.infer<typeof CreateThing>) {
    return { created: body.name };
  }
  @Post('standard') standard(@Body({ schema: CreateThing }) body: z.infer<typeof CreateThing>) {
    return { created: body.name };
  }
  @Get('boom') boom() {
    throw new Error('db password hunter2 leaked');
  }
  @Post('unstorable') unstorable() {
    const driverError = Object.assign(new Error('unsupported Unicode escape sequence'), {
      severity: 'ERROR',
      code: '22P05',
    });
    throw new QueryFailedError('insert into thing(name) values ($1)', ['hunter2\u0000'], driverError);
  }
  @Get('unavailable') unavailable() {
    throw new ServiceUnavailableException('kafka is down');
  }
  @Post('database-away') databaseAway() {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), {
      severity: 'FATAL',
      code: '57P01',
    });
    throw new QueryFailedError('insert into thing(name) values ($1)', ['hunter2'], driverError);
  }
  @Get('database-gone') databaseGone() {
    throw Object.assign(new Error('connect ENOENT /run/postgresql/.s.PGSQL.5432'), { code: 'ENOENT' });
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('ProblemExceptionFilter', () => {
  let app: INestApplication;
  const logged: string[] = [];
  const warned: string[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warned.push(String(message));
    });
    const moduleRef = await Test.createTestingModule({ imports: [ThingsModule] }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    app.use(express.json({ limit: '1kb' }));
    app.useGlobalFilters(new ProblemExceptionFilter());
    app.useGlobalPipes(schemaValidationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  const problemType = /^application\/problem\+json/;

  it('turns a DomainError into a problem document', async () => {
    const res = await request(app.getHttpServer()).get('/things/missing?x=1').set('x-request-id', 'req-123');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toEqual({
      type: 'https://itsm.dev/problems/catalog.thing.not_found',
      title: 'Not found',
      status: 404,
      code: 'catalog.thing.not_found',
      detail: 'no thing 42',
      instance: '/things/missing',
      correlationId: 'req-123',
    });
  });

  it('localizes the title for Chinese clients', async () => {
    const res = await request(app.getHttpServer()).get('/things/missing').set('Accept-Language', 'zh-CN,zh;q=0.9');
    expect(res.body.title).toBe('资源不存在');
    expect(res.headers['content-language']).toBe('zh-CN');
  });

  it('lists allowed transitions on a 409', async () => {
    const res = await request(app.getHttpServer()).post('/things/close');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'state.transition_not_allowed',
      from: 'closed',
      to: 'closed',
      allowed: ['reopened'],
    });
  });

  it.each(['/things', '/things/standard'])('lists invalid fields (%s)', async (path) => {
    const res = await request(app.getHttpServer())
      .post(path)
      .send({ name: '', tasks: [{ team: 1 }] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ code: 'validation.failed', status: 400 });
    const both = { en: expect.any(String), 'zh-CN': expect.any(String) };
    expect(res.body.fields).toEqual([
      { path: 'name', code: 'too_small', message: expect.any(String), messages: both },
      { path: 'tasks[0].team', code: 'invalid_type', message: expect.any(String), messages: both },
    ]);
  });

  it('answers in Chinese when asked: title, detail and every field message', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .set('Accept-Language', 'zh-CN')
      .send({ name: '', tasks: [{ team: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: '输入校验未通过', detail: '2 个字段无效' });
    expect(res.body.fields.map((f: { message: string }) => f.message)).toEqual([
      '数值过小：期望 string >=1 字符',
      '无效输入：期望 string，实际接收 数字',
    ]);
    expect(res.body.fields[0].messages.en).toBe('Too small: expected string to have >=1 characters');
  });

  it('accepts valid bodies', async () => {
    const res = await request(app.getHttpServer()).post('/things').send({ name: 'a', tasks: [] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 'a' });
  });

  it('answers malformed JSON with 400 http.malformed_json', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"name":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ code: 'http.malformed_json', title: 'Malformed JSON' });
  });

  it('answers an oversized body with 413 http.payload_too_large', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .send({ name: 'x'.repeat(2000), tasks: [] });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ code: 'http.payload_too_large', limit: 1024 });
  });

  it('answers an unknown route with 404 http.not_found', async () => {
    const res = await request(app.getHttpServer()).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ code: 'http.not_found', instance: '/nowhere' });
  });

  it('answers an unsupported body encoding with 415', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .set('content-type', 'application/json')
      .set('content-encoding', 'rot13')
      .send('{}');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('http.unsupported_media_type');
  });

  it('answers unknown errors with 500 without leaking the message, and logs them', async () => {
    logged.length = 0;
    const res = await request(app.getHttpServer()).get('/things/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      type: 'https://itsm.dev/problems/internal.error',
      title: 'Internal server error',
      status: 500,
      code: 'internal.error',
      instance: '/things/boom',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(res.headers['x-request-id']).toBe(res.body.correlationId);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(logged.join('\n')).toContain(`GET /things/boom (request ${res.body.correlationId})`);
  });

  it('answers a value the database refuses with 400 and a warning, without the SQL parameters', async () => {
    logged.length = 0;
    warned.length = 0;
    const res = await request(app.getHttpServer()).post('/things/unstorable').set('x-request-id', 'req-22');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ code: 'input.unstorable_value', status: 400, correlationId: 'req-22' });
    expect(logged).toEqual([]);
    expect(warned).toEqual([
      'database refused a value: SQLSTATE 22P05 (untranslatable character) on POST /things/unstorable (request req-22)',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers 503 service.unavailable with Retry-After while the database is away, in both languages, without logging an error', async () => {
    logged.length = 0;
    for (const path of ['/things/database-away', '/things/database-gone']) {
      const post = path.endsWith('away');
      const res = await (post ? request(app.getHttpServer()).post(path) : request(app.getHttpServer()).get(path));
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(problemType);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({
        code: 'service.unavailable',
        status: 503,
        retryAfterSeconds: 5,
        detail: expect.stringContaining('try again'),
      });
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    }
    const zh = await request(app.getHttpServer()).get('/things/database-gone').set('accept-language', 'zh-CN');
    expect(zh.body).toMatchObject({ title: '服务暂不可用', detail: expect.stringContaining('稍后重试') });
    expect(logged).toEqual([]);
  });

  it('keeps the detail of deliberate 5xx HttpExceptions', async () => {
    const res = await request(app.getHttpServer()).get('/things/unavailable');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'http.service_unavailable', detail: 'kafka is down' });
  });
});

describe('ProblemExceptionFilter logging through the request logger', () => {
  it('logs an unexpected database error without its SQL parameters', () => {
    const entries: object[] = [];
    const req = {
      method: 'POST',
      url: '/things',
      originalUrl: '/things',
      headers: {},
      id: 'req-1',
      log: { error: (obj: object) => entries.push(obj), warn: () => undefined },
    };
    const res: Record<string, unknown> = { headersSent: false };
    for (const method of ['status', 'setHeader', 'header', 'json', 'send', 'type', 'end', 'append', 'vary'])
      res[method] = () => res;
    res['getHeader'] = () => undefined;
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ArgumentsHost;
    const driverError = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    new ProblemExceptionFilter().catch(
      new QueryFailedError('update account set token = $1', ['secret-token-123'], driverError),
      host,
    );
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain('secret-token-123');
    expect(entries[0]).toMatchObject({
      err: { type: 'QueryFailedError', code: '40P01', message: 'deadlock detected' },
    });
  });
});

describe('ProblemExceptionFilter outside HTTP', () => {
  it('hands the exception back to event consumers untouched', async () => {
    const error = new NotFoundError('requests.request.not_found');
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const result = new ProblemExceptionFilter().catch(error, host);
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result as Observable<never>)).rejects.toBe(error);
  });
});
