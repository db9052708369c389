import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { createTestDatabase, TestDatabase, testInfra, uniqueName } from './infra';
import { startTestTracing } from './tracing';

export interface ServiceUnderTest {
  app: INestApplication;
  db: TestDatabase;
  /** supertest against the app's HTTP server (no port needed). */
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface StartServiceOptions<C> {
  name: string;
  configSchema: z.ZodType<C>;
  createApp: (config: C) => Promise<INestApplication>;
  /** Extra or overriding environment, e.g. `{ DEMO_DATA: 'true' }`. */
  env?: Record<string, string>;
}

/**
 * Boots a service the way main.ts does, against the real Postgres and Kafka: a fresh database,
 * a consumer group unique to this run, tracing into memory, quiet logs.
 */
export async function startServiceUnderTest<C>(options: StartServiceOptions<C>): Promise<ServiceUnderTest> {
  startTestTracing(options.name);
  const db = await createTestDatabase(options.name);
  const config = options.configSchema.parse({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testInfra().brokers.join(','),
    KAFKA_GROUP_ID: uniqueName(options.name),
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const app = await options.createApp(config);
  await app.init();
  return {
    app,
    db,
    http: request(app.getHttpServer()),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
