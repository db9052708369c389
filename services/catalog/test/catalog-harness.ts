import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, startTestTracing, TestDatabase, testInfra, uniqueName } from '@itsm/platform/testing';
import { catalogEnv } from '../src/config';
import { createCatalogApp } from '../src/bootstrap';
import { fixtures } from './fixtures';

export interface CatalogUnderTest {
  app: INestApplication;
  db: TestDatabase;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the real catalog app against a fresh database on the real Postgres and the real Kafka. */
export async function startCatalog(env: Record<string, string> = {}): Promise<CatalogUnderTest> {
  startTestTracing('catalog');
  const db = await createTestDatabase('catalog');
  const config = catalogEnv.parse({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testInfra().brokers.join(','),
    KAFKA_GROUP_ID: uniqueName('catalog'),
    LOG_LEVEL: 'error',
    ...env,
  });
  const app = await createCatalogApp(config);
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

export { fixtures };
