import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Controller, Get, type INestApplication, Logger as NestLogger, Module } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import {
  currentTraceparent,
  getMemorySpanExporter,
  ObservabilityModule,
  startTracing,
  type TracingHandle,
} from './index';

const chunks: string[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    chunks.push(chunk.toString());
    callback();
  },
});

@Controller('things')
class ThingsController {
  private readonly logger = new NestLogger(ThingsController.name);

  @Get(':id') get() {
    this.logger.log('handling');
    return { traceparent: currentTraceparent() };
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'test', destination })],
  controllers: [ThingsController],
})
class AppModule {}

// Jest loads modules itself, so the http/express instrumentation cannot patch them here; the
// module's fallback SERVER span is what keeps traces connected in tests.
describe('HTTP tracing', () => {
  let tracing: TracingHandle;
  let app: INestApplication;
  const INCOMING = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'test', exporter: 'memory' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });
  beforeEach(() => {
    getMemorySpanExporter().reset();
    chunks.length = 0;
  });

  it('continues the caller trace in a SERVER span named by route', async () => {
    const res = await request(app.getHttpServer()).get('/things/1').set('traceparent', INCOMING);
    await tracing.forceFlush();

    const server = getMemorySpanExporter()
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.SERVER);
    expect(server).toMatchObject({ name: 'GET /things/:id' });
    expect(server?.attributes).toMatchObject({ 'http.route': '/things/:id', 'http.response.status_code': 200 });
    expect(server?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(server?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    // What a handler stores on its outbox row points at this server span.
    expect(res.body.traceparent).toBe(`00-${server?.spanContext().traceId}-${server?.spanContext().spanId}-01`);

    const handling = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'handling');
    expect(handling).toMatchObject({ trace_id: server?.spanContext().traceId, span_id: server?.spanContext().spanId });
  });

  it('starts a new trace without a traceparent and skips probes', async () => {
    const res = await request(app.getHttpServer()).get('/things/2');
    await request(app.getHttpServer()).get('/metrics');
    await tracing.forceFlush();

    const spans = getMemorySpanExporter().getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0].parentSpanContext).toBeUndefined();
    expect(res.body.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
