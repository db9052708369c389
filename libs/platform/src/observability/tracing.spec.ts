import 'reflect-metadata';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { currentTraceparent, getMemorySpanExporter, startTracing, type TracingHandle } from './index';

@Controller('things')
class ThingsController {
  @Get(':id') get() {
    return { traceparent: currentTraceparent() };
  }
}
@Module({ controllers: [ThingsController] })
class AppModule {}

describe('startTracing with instrumentation', () => {
  let tracing: TracingHandle;
  let app: INestApplication;
  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'test', exporter: 'memory' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  it('continues the caller trace in a SERVER span', async () => {
    const res = await request(app.getHttpServer()).get('/things/1').set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await tracing.forceFlush();
    const spans = getMemorySpanExporter().getFinishedSpans();
    console.log(spans.map((s) => [s.name, s.kind, s.instrumentationScope.name, s.parentSpanContext?.spanId]));
    console.log(res.body);
  });
});
