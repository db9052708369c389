import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Controller, Get, type INestApplication, Logger as NestLogger, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { HTTP_DURATION_METRIC, metricsRegistry, ObservabilityModule } from './index';

@Controller('things')
class ThingsController {
  private readonly logger = new NestLogger(ThingsController.name);

  @Get(':id') get(@Param('id') id: string) {
    this.logger.log({ id }, 'looking up thing');
    return { id };
  }
}

const chunks: string[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    chunks.push(chunk.toString());
    callback();
  },
});
const logLines = () =>
  chunks
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'catalog', level: 'info', destination })],
  controllers: [ThingsController],
})
class AppModule {}

async function createApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}

describe('ObservabilityModule', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp();
  });
  afterAll(() => app.close());

  it('echoes a valid x-request-id and logs it with the request', async () => {
    chunks.length = 0;
    const res = await request(app.getHttpServer())
      .get('/things/42')
      .set('x-request-id', 'abc-123')
      .set('authorization', 'Bearer secret-token');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('abc-123');

    const line = logLines().find((l) => l.msg === 'request completed');
    expect(line).toMatchObject({
      level: 'info',
      service: 'catalog',
      req: { id: 'abc-123', headers: { authorization: '[REDACTED]' } },
    });
    expect(logLines().find((l) => l.msg === 'looking up thing')).toMatchObject({
      reqId: 'abc-123',
      context: 'ThingsController',
      id: '42',
    });
    expect(JSON.stringify(logLines())).not.toContain('secret-token');
  });

  it('generates a UUID request id when none (or a bad one) is sent', async () => {
    const plain = await request(app.getHttpServer()).get('/things/1');
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await request(app.getHttpServer()).get('/things/1').set('x-request-id', 'a b {"level":"fatal"}');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the latency histogram by route pattern on GET /metrics', async () => {
    await request(app.getHttpServer()).get('/things/7');
    await request(app.getHttpServer()).get('/no/such/route');
    const res = await request(app.getHttpServer()).get('/metrics');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(`# TYPE ${HTTP_DURATION_METRIC} histogram`);
    expect(res.text).toMatch(
      /http_server_request_duration_seconds_count\{service="catalog",method="GET",route="\/things\/:id",status="200"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /http_server_request_duration_seconds_count\{service="catalog",method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(res.text).not.toContain('/things/7');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('does not log probe and scrape requests', async () => {
    chunks.length = 0;
    await request(app.getHttpServer()).get('/metrics');
    expect(logLines().filter((l) => l.msg === 'request completed')).toHaveLength(0);
  });

  it('can be instantiated again in the same process without duplicate metrics', async () => {
    const second = await createApp();
    const res = await request(second.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    await second.close();
    expect(metricsRegistry.getSingleMetric(HTTP_DURATION_METRIC)).toBeDefined();
  });
});
