import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase, testInfra, TestIssuer, uniqueName } from '@itsm/platform/testing';
import { requestsEnv } from '../src/config';
import { createRequestsApp } from '../src/bootstrap';

/**
 * Replicas start together on an empty database (a new deployment, a scale-up during an upgrade):
 * they take turns at the migrations, so each migration runs once and every replica starts. Without
 * the lock two replicas would both create the same tables, and one would stop with the error.
 */
describe('three replicas starting at once on an empty database (real Postgres and Kafka)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('requests_migrations');
    issuer = await TestIssuer.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await issuer?.close();
    await db?.drop();
  });

  it('all start, and each migration ran exactly once', async () => {
    const config = requestsEnv.parse({
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      AUTH_JWKS_URL: issuer.jwksUrl,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testInfra().brokers.join(','),
      KAFKA_GROUP_ID: uniqueName('requests-migrations'),
      LOG_LEVEL: 'fatal',
      REMINDER_POLL_MS: '0',
    });
    // TypeORM reports a migration that failed (and was rolled back) on the console.
    const console_ = jest.spyOn(console, 'log');
    const started = await Promise.allSettled(
      [1, 2, 3].map(async () => {
        const app = await createRequestsApp(config);
        await app.init();
        return app;
      }),
    );
    apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(started.map((s) => (s.status === 'fulfilled' ? 'started' : String(s.reason)))).toEqual([
      'started',
      'started',
      'started',
    ]);
    expect(console_.mock.calls.map((c) => String(c[0])).filter((line) => /migration .* failed/i.test(line))).toEqual(
      [],
    );
    console_.mockRestore();

    const ds = apps[0]!.get(DataSource);
    const ran: { name: string; times: number }[] = await ds.query(
      'select name, count(*)::int as times from migrations group by name order by name',
    );
    expect(ran.length).toBe(ds.migrations.length);
    expect(ran.every((m) => m.times === 1)).toBe(true);
  });
});
