import type { IncomingHttpHeaders, Server } from 'node:http';
import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import { type CatalogUnderTest, startCatalog } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { freePort, type RunningGateway, startGateway } from './support/gateway-under-test';

const PROBLEM = /^application\/problem\+json/;
const LIMITS = {
  RATE_LIMIT_USER_PER_MINUTE: '5',
  RATE_LIMIT_KEY_PER_MINUTE: '4',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
  RATE_LIMIT_LOGIN_PER_MINUTE: '4',
};

type Answer = { status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> };

/** A 429 as every limit answers it: problem, Retry-After within the minute, the budget spent. */
function expectTooMany(res: Answer, limit: number): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({
    status: 429,
    code: 'rate_limit.exceeded',
    limit,
    retryAfterSeconds: expect.any(Number),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.body.retryAfterSeconds).toBe(retryAfter);
  expect(res.headers).toMatchObject({
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(retryAfter),
  });
}

describe('rate limits at the gateway, in front of the real catalog', () => {
  let db: TestDatabase;
  let catalog: CatalogUnderTest;
  let catalogUrl: string;
  let catalogPort: number;
  const gateways: RunningGateway[] = [];
  let offeringsRequests = 0;

  /**
   * A fresh gateway (its own in-memory budgets) on the shared database, with small limits. The
   * test is its trusted proxy: `X-Forwarded-For` names the client, so one test plays many addresses.
   */
  const newGateway = async (env: Record<string, string> = {}) => {
    const gateway = await startGateway(db, {
      env: { CATALOG_URL: catalogUrl, TRUSTED_PROXIES: '127.0.0.1', ...LIMITS, ...env },
    });
    gateways.push(gateway);
    return gateway;
  };
  const signIn = (gateway: RunningGateway, from: string, username: string, password: string) =>
    gateway.http.post('/auth/login').set('x-forwarded-for', from).send({ username, password });
  const login = async (gateway: RunningGateway, username: string) =>
    (await gateway.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body
      .accessToken as string;
  const offerings = (gateway: RunningGateway, headers: Record<string, string> = {}) =>
    gateway.http.get('/api/catalog/offerings?limit=1').set(headers);

  beforeAll(async () => {
    db = await createTestDatabase('gateway_rate_limit');
    catalogPort = await freePort();
    catalogUrl = `http://127.0.0.1:${catalogPort}`;
    // A first gateway settles the database (migrations, demo accounts, signing key) and names the JWKS the catalog trusts.
    const first = await newGateway();
    catalog = await startCatalog({ AUTH_JWKS_URL: `${first.url}/.well-known/jwks.json` });
    (catalog.app.getHttpServer() as Server).on('request', (req) => {
      if (req.url?.startsWith('/offerings')) offeringsRequests++;
    });
    await catalog.app.listen(catalogPort, '127.0.0.1');
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.app.close();
    await catalog?.close();
    await db?.drop();
  });

  it('gives each person their own budget: the N+1th request is a 429 with Retry-After, not sent on', async () => {
    const gateway = await newGateway();
    const li = await login(gateway, 'requester.li');
    const wang = await login(gateway, 'agent.wang');
    const before = offeringsRequests;
    for (let i = 1; i <= 5; i++) {
      const res = await offerings(gateway, { authorization: `Bearer ${li}` });
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
      expect(res.headers).toMatchObject({
        'ratelimit-limit': '5',
        'ratelimit-remaining': String(5 - i),
        'ratelimit-reset': expect.stringMatching(/^\d+$/),
      });
    }
    expectTooMany(await offerings(gateway, { authorization: `Bearer ${li}` }), 5);
    expect(offeringsRequests - before).toBe(5);
    // Another person is not held up by the first.
    const other = await offerings(gateway, { authorization: `Bearer ${wang}` }).expect(200);
    expect(other.headers['ratelimit-remaining']).toBe('4');
    // A new sign-in is the same person, with the same spent budget.
    expectTooMany(await offerings(gateway, { authorization: `Bearer ${await login(gateway, 'requester.li')}` }), 5);
  });

  it('counts an API key on its own budget, apart from the person who created it', async () => {
    const gateway = await newGateway();
    const adminToken = await login(gateway, 'platform.admin');
    const created = await gateway.http
      .post('/api-keys')
      .set('authorization', `Bearer ${adminToken}`)
      .send({ name: 'Busy bot', scopes: ['catalog:read'] })
      .expect(201);
    for (let i = 1; i <= 4; i++) {
      const res = await offerings(gateway, { 'x-api-key': created.body.key });
      expect({ i, status: res.status, remaining: res.headers['ratelimit-remaining'] }).toEqual({
        i,
        status: 200,
        remaining: String(4 - i),
      });
    }
    expectTooMany(await offerings(gateway, { 'x-api-key': created.body.key }), 4);
    expectTooMany(await offerings(gateway, { authorization: `ApiKey ${created.body.key}` }), 4);
    await offerings(gateway, { authorization: `Bearer ${adminToken}` }).expect(200);
  });

  it('counts callers without valid credentials by address: no token, a forged token and a wrong key share it', async () => {
    const gateway = await newGateway();
    const signedIn = await login(gateway, 'agent.wang');
    // The catalog itself refuses these; the gateway only counts them.
    expect((await offerings(gateway)).status).toBe(401);
    expect((await offerings(gateway, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })).status).toBe(
      401,
    );
    const wrongKey = await offerings(gateway, {
      'x-api-key': `itsm_0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b_${'A'.repeat(43)}`,
    });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.code).toBe('auth.api_key.invalid');
    expectTooMany(await offerings(gateway), 3);
    expectTooMany(await offerings(gateway, { 'x-api-key': 'itsm_guess' }), 3);
    // A signed-in person at the same address has their own budget.
    await offerings(gateway, { authorization: `Bearer ${signedIn}` }).expect(200);
  });

  it('limits failed sign-ins per address across accounts (password, refresh, OIDC): then 429, even with the right password', async () => {
    const gateway = await newGateway();
    // Successes do not count: an office behind one address signs in all at once.
    for (let i = 0; i < 6; i++)
      await gateway.http.post('/auth/login').send({ username: 'agent.wang', password: DEMO_PASSWORD }).expect(200);
    const attempts = ['requester.li', 'agent.wang', 'lead.zhao'].map((username) =>
      gateway.http.post('/auth/login').send({ username, password: 'not-it' }),
    );
    for (const res of await Promise.all(attempts)) expect(res.body.code).toBe('auth.login.failed');
    expect((await gateway.http.post('/auth/refresh').send({ refreshToken: 'stolen-guess' })).body.code).toBe(
      'auth.refresh.invalid',
    );
    const blocked = await gateway.http.post('/auth/login').send({ username: 'cab.sun', password: DEMO_PASSWORD });
    expectTooMany(blocked, 4);
    expect(blocked.body).not.toHaveProperty('accessToken');
    expectTooMany(await gateway.http.get('/auth/oidc/login'), 4);
    // The accounts were not locked by this (one failure each): elsewhere they sign in.
    const other = await newGateway();
    await other.http.post('/auth/login').send({ username: 'cab.sun', password: DEMO_PASSWORD }).expect(200);
    await other.http.post('/auth/login').send({ username: 'agent.wang', password: DEMO_PASSWORD }).expect(200);
  });

  it('keeps an office signing in while someone behind its one address fails 40 times, except on the names they locked', async () => {
    // The default ceiling (RATE_LIMIT_LOGIN_PER_MINUTE unset: 300 a minute) is made for a whole office behind NAT.
    const gateway = await newGateway({ RATE_LIMIT_LOGIN_PER_MINUTE: '' });
    const office = '198.51.100.10';
    for (let name = 0; name < 10; name++) {
      for (let attempt = 0; attempt < 4; attempt++) {
        const res = await signIn(gateway, office, `intruder.guess.${name}`, `guess-${attempt}`);
        expect({ name, attempt, status: res.status, code: res.body.code }).toEqual({
          name,
          attempt,
          status: 401,
          code: 'auth.login.failed',
        });
      }
    }
    // Colleagues at the same address sign in with their right passwords.
    await signIn(gateway, office, 'agent.wang', DEMO_PASSWORD).expect(200);
    await signIn(gateway, office, 'requester.li', DEMO_PASSWORD).expect(200);
    // A name guessed at five times from the office is locked for the office, right password or not...
    for (let attempt = 1; attempt <= 5; attempt++) await signIn(gateway, office, 'admin.it', `guess-${attempt}`);
    const locked = await signIn(gateway, office, 'admin.it', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'auth.login.locked', retryAfterSeconds: expect.any(Number) });
    // ...and not for its owner at home.
    await signIn(gateway, '203.0.113.20', 'admin.it', DEMO_PASSWORD).expect(200);
  });

  it('locks a name everywhere after LOGIN_MAX_FAILURES_PER_USERNAME failures from many addresses, whether an account has it or not', async () => {
    const gateway = await newGateway({ LOGIN_MAX_FAILURES_PER_USERNAME: '6', RATE_LIMIT_LOGIN_PER_MINUTE: '' });
    const attack = async (username: string) => {
      const answers = [];
      // One failure from each of six addresses: no address alone comes near LOGIN_MAX_FAILURES.
      for (let i = 1; i <= 6; i++) answers.push(await signIn(gateway, `192.0.2.${i}`, username, `spread-guess-${i}`));
      answers.push(await signIn(gateway, '192.0.2.99', username, DEMO_PASSWORD));
      return answers.map((res) => ({ status: res.status, code: res.body.code, title: res.body.title }));
    };
    const real = await attack('change.chen');
    const unknown = await attack('nobody.by.that.name');
    expect(real.map((a) => [a.status, a.code])).toEqual([
      ...Array(5).fill([401, 'auth.login.failed']),
      ...Array(2).fill([429, 'auth.login.locked']),
    ]);
    expect(unknown).toEqual(real);
  });
});
