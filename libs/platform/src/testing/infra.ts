import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestInfra {
  brokers: string[];
  pgAdminUrl: string;
}

/** The real Postgres and Kafka started by `scripts/infra up` (or external ones via the same variables). */
export function testInfra(): TestInfra {
  return {
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    pgAdminUrl: process.env.PG_ADMIN_URL ?? 'postgres://itsm:itsm@127.0.0.1:5432/postgres',
  };
}

const runId = process.env.ITSM_TEST_RUN_ID ?? Date.now().toString(36);

/** A name unique to this test run and call: databases, consumer groups, client ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${runId}_${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the real server; migrations are applied by the service at start. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const { pgAdminUrl } = testInfra();
  const name = uniqueName(`t_${prefix}`);
  await withAdmin(pgAdminUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(pgAdminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
