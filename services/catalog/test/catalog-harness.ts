import { ServiceUnderTest, startServiceUnderTest } from '@itsm/platform/testing';
import { catalogEnv } from '../src/config';
import { createCatalogApp } from '../src/bootstrap';
import { fixtures } from './fixtures';

export type CatalogUnderTest = ServiceUnderTest;

/** The real catalog app on a fresh database, against the real Postgres and Kafka. */
export function startCatalog(env: Record<string, string> = {}): Promise<CatalogUnderTest> {
  return startServiceUnderTest({ name: 'catalog', configSchema: catalogEnv, createApp: createCatalogApp, env });
}

export { fixtures };
