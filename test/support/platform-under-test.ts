import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  type TestDatabase,
  type TopicReader,
  waitUntil,
  withAuthorization,
} from '@itsm/platform/testing';
// Root-level tests run the real gateway, catalog (with the demo business) and requests service together.
import { type CatalogUnderTest, startCatalog } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import {
  controlClock,
  readRequestsTopics,
  type RequestsUnderTest,
  startRequests,
  type TestClock,
} from '../../services/requests/test/requests-harness';
import { freePort, type RunningGateway, startGateway } from '../gateway/support/gateway-under-test';

export interface PlatformUnderTest {
  gateway: RunningGateway;
  catalog: CatalogUnderTest;
  requests: RequestsUnderTest;
  /** The requests service's reminder clock, the one thing a test controls. */
  clock: TestClock;
  /** The requests topics, read from before the first test. */
  reader: TopicReader;
  /** supertest through the gateway, signed in as a demo account; `subject` is the token's `sub`. */
  signIn(username: string): Promise<{ http: RunningGateway['http']; subject: string }>;
  /**
   * Waits until the requests service's projection holds the offering and these teams. Each has a
   * topic of its own, so an offering can arrive before the teams its tasks go to.
   */
  projected(offeringId: string, teamIds: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The gateway with the demo accounts, the catalog with the demo business and the requests service
 * (reminders polled every 100 ms, on a clock set to `clockStart`), each on its own database and
 * port, the services trusting the gateway's keys, as `./itsm run` starts them.
 */
export async function startPlatform(clockStart = '2027-04-01T00:00:00Z'): Promise<PlatformUnderTest> {
  // The gateway must know where the services listen, and the services where its keys are.
  const [catalogPort, requestsPort] = [await freePort(), await freePort()];
  const gatewayDb: TestDatabase = await createTestDatabase('platform_gateway');
  const gateway = await startGateway(gatewayDb, {
    env: { CATALOG_URL: `http://127.0.0.1:${catalogPort}`, REQUESTS_URL: `http://127.0.0.1:${requestsPort}` },
  });
  // Its keys, and its X-Forwarded-For (it calls them over loopback).
  const trustGateway = {
    AUTH_JWKS_URL: `${gateway.url}/.well-known/jwks.json`,
    AUTH_ISSUER: 'itsm-gateway',
    AUTH_AUDIENCE: 'itsm',
    TRUSTED_PROXIES: 'loopback',
  };
  const requests = await startRequests({ ...trustGateway, REMINDER_POLL_MS: '100' });
  const clock = controlClock(requests.app, clockStart);
  await requests.app.listen(requestsPort, '127.0.0.1');
  const catalog = await startCatalog({ ...trustGateway, DEMO_DATA: 'true' });
  await catalog.app.listen(catalogPort, '127.0.0.1');
  const reader = await readRequestsTopics();
  return {
    gateway,
    catalog,
    requests,
    clock,
    reader,
    async signIn(username) {
      const res = await gateway.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
      const me = JSON.parse(Buffer.from((res.body.accessToken as string).split('.')[1]!, 'base64url').toString()) as {
        sub: string;
      };
      return { http: withAuthorization(gateway.http, `Bearer ${res.body.accessToken as string}`), subject: me.sub };
    },
    async projected(offeringId, teamIds) {
      await waitUntil(
        async () => {
          const [row] = await requests.app.get(DataSource).query(
            `select (select count(*) from catalog_offering_version where offering_id = $1)::int as versions,
                    (select count(*) from catalog_team where id = any($2::uuid[]))::int as teams`,
            [offeringId, teamIds],
          );
          return row.versions >= 1 && row.teams === teamIds.length;
        },
        120_000,
        "the demo catalog in the requests service's projection",
      );
    },
    async close() {
      await reader.stop();
      await gateway.app.close();
      await requests.close();
      await catalog.close();
      await gatewayDb.drop();
    },
  };
}
