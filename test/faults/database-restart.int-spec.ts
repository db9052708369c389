import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { waitUntil } from '@itsm/platform/testing';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { dataOf } from '../../services/requests/test/requests-harness';
import { type PlatformUnderTest, startPlatform } from '../support/platform-under-test';

const infra = (...args: string[]) =>
  execFileSync('bash', [join(__dirname, '../../scripts/infra'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });

const PROBLEM = /^application\/problem\+json/;
const REPORTED = 'itsm.requests.request.readiness-reported.v1';
const STORE = {
  storeName: '深圳南山海岸城店',
  storeCode: 'SZ0187',
  region: 'cn-south',
  address: '深圳市南山区文心五路 33 号',
  posCount: 6,
  cameraCount: 16,
};

/**
 * Every service rides out a restart of the real PostgreSQL server without being restarted itself:
 * while the database is away each answers 503 problems with Retry-After (never a 500) and its
 * readiness says so at once; once it is back, the pools, the relay's LISTEN connection, the
 * assignment turns' own pool and the reminder poller work again. A process that died on the
 * server's "terminating connection" (57P01) would take this test's process with it.
 */
describe('a PostgreSQL restart under the running gateway, catalog and requests service (stops and restarts the real server)', () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    infra('up', 'postgres'); // never leave the shared server down, whatever happened
    await platform?.close();
  });

  it('answers 503 with Retry-After while the database is away, and carries on without a restart once it is back', async () => {
    const { gateway, catalog, requests, clock, reader } = platform;
    const signIn = async (username: string) => (await platform.signIn(username)).http;
    const admin = await signIn('platform.admin');
    const requester = await signIn('requester.li');
    const offeringId = (
      (await admin.get('/api/catalog/offerings?scenario=store-opening&status=published').expect(200)).body.items as {
        offeringId: string;
      }[]
    )[0]!.offeringId;
    const teamIds = (
      (await admin.get('/api/catalog/teams?limit=200').expect(200)).body.items as { teamId: string }[]
    ).map((t) => t.teamId);
    await platform.projected(offeringId, teamIds);
    const itAdmin = await signIn('admin.it');
    /** Submits a store opening and passes its approval: its tasks take their turns through the assignment pool. */
    async function openStore(openingDate: string): Promise<string> {
      const id = (
        await requester
          .post('/api/requests/requests')
          .send({ offeringId, formData: { ...STORE, openingDate } })
          .expect(201)
      ).body.requestId as string;
      const approvals = (await requester.get(`/api/requests/requests/${id}/approvals`).expect(200)).body.items as {
        approvalId: string;
      }[];
      await itAdmin
        .post(`/api/requests/requests/${id}/approvals/${approvals[0]!.approvalId}/approve`)
        .send({})
        .expect(200);
      const tasks = (await requester.get(`/api/requests/requests/${id}/tasks`).expect(200)).body.items as {
        status: string;
        assignee: string | null;
      }[];
      expect(tasks.filter((t) => t.status === 'open').map((t) => t.assignee)).toEqual([
        expect.any(String),
        expect.any(String),
      ]);
      return id;
    }
    // Before the restart the pools, the turns' pool included, hold open connections the server will close.
    const before = { body: { requestId: await openStore('2027-05-20') } };
    const reminder = (
      (await requester.get(`/api/requests/requests/${before.body.requestId as string}/reminders`).expect(200)).body
        .items as { key: string; fireAt: string }[]
    ).find((r) => r.key === 'readiness-t-3')!;

    infra('down', 'postgres');
    try {
      const away = [
        await gateway.http.post('/auth/login').send({ username: 'requester.li', password: DEMO_PASSWORD }),
        await admin.get('/api/catalog/offerings'),
        await requester.get('/api/requests/requests'),
        await requester
          .post('/api/requests/requests')
          .send({ offeringId, formData: { ...STORE, openingDate: '2027-06-20' } }),
      ];
      for (const res of away) {
        expect({ status: res.status, code: res.body.code, retryAfter: res.headers['retry-after'] }).toEqual({
          status: 503,
          code: 'service.unavailable',
          retryAfter: '5',
        });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      // Readiness follows the database (from the background ping, not a connection per probe); liveness does not.
      for (const app of [gateway.app, catalog.app, requests.app]) {
        const http = supertest(app.getHttpServer());
        await waitUntil(
          async () => (await http.get('/health/ready')).status === 503,
          10_000,
          'readiness to report the database down',
        );
        const ready = await http.get('/health/ready').expect(503);
        expect(ready.body).toMatchObject({ details: { database: { status: 'down' } } });
        await http.get('/health/live').expect(200);
      }
    } finally {
      infra('up', 'postgres');
    }

    // Back: sign-in, catalog and requests answer again, in the same processes.
    await waitUntil(
      async () =>
        (await gateway.http.post('/auth/login').send({ username: 'requester.li', password: DEMO_PASSWORD })).status ===
        200,
      30_000,
      'sign-in to work again',
    );
    await waitUntil(
      async () => (await requester.get('/api/requests/requests')).status === 200,
      30_000,
      'the requests service to answer again',
    );
    await admin.get('/api/catalog/offerings').expect(200);
    for (const app of [gateway.app, catalog.app, requests.app]) {
      await waitUntil(
        async () => (await supertest(app.getHttpServer()).get('/health/ready')).status === 200,
        10_000,
        'readiness to report the database up',
      );
    }

    // A submission after the restart: its tasks take turns through the assignment pool, and its events reach Kafka through the relay.
    const afterId = await openStore('2027-06-20');
    await reader.waitFor(() => dataOf(reader, afterId, 'itsm.requests.request.fulfilment-started.v1').length === 1);

    // The relay listens again: another process's commit wakes it through NOTIFY.
    await waitUntil(
      async () =>
        (
          await requests.app
            .get(DataSource)
            .query(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
            )
        )[0].n >= 1,
      20_000,
      "the relay's LISTEN connection to be back",
    );

    // The reminder poller runs again: the report set before the restart fires at its time.
    clock.set(reminder.fireAt);
    await reader.waitFor(() => dataOf(reader, before.body.requestId as string, REPORTED).length === 1);
  }, 240_000);
});
