import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, INestApplication, Module, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { Client } from 'pg';
import { AuthModule, CurrentPrincipal, type Principal, RequireScopes } from '@itsm/platform/auth';
import { ProblemExceptionFilter } from '@itsm/platform/errors';
import { ApiCreated, serveOpenApi } from '@itsm/platform/service';
import { createTestDatabase, type TestDatabase, waitUntil } from '@itsm/platform/testing';
import { type CatalogUnderTest, startCatalog } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { freePort, LogCapture, type RunningGateway, startGateway } from './support/gateway-under-test';

const PROBLEM = /^application\/problem\+json/;
const SERVER_KEY = Buffer.alloc(32, 0x5a).toString('base64');

interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

/** An alert intake as the incidents service will have it: one scope per alert source, from the path. */
@Controller('alerts')
class AlertProbeController {
  @RequireScopes('alerts:write:{source}')
  @Post(':source')
  @ApiCreated({ type: 'object', required: ['source'] }, (alert: { source: string }) => `/alerts/${alert.source}`)
  receive(
    @Param('source') source: string,
    @Body() _body: unknown,
    @Req() req: RawBodyRequest<Request>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return {
      source,
      raw: req.rawBody?.toString('utf8') ?? '',
      subject: principal.subject,
      scopes: principal.scopes,
      roles: principal.roles,
    };
  }
}

/**
 * A tiny service of our own behind the gateway (the incidents service does not exist yet): the
 * platform's AuthModule verifying the gateway's tokens against its JWKS over HTTP, like any service.
 */
async function startAlertProbe(jwksUrl: string): Promise<{ app: INestApplication; url: string; seen: SeenRequest[] }> {
  @Module({
    imports: [AuthModule.forRoot({ issuer: 'itsm-gateway', audience: 'itsm', jwksUrl })],
    controllers: [AlertProbeController],
  })
  class AlertProbeModule {}
  const app = await NestFactory.create(AlertProbeModule, { logger: false, rawBody: true });
  app.useGlobalFilters(new ProblemExceptionFilter());
  // Documented like any service, so the gateway's aggregated document covers what it answers.
  serveOpenApi(app, {
    title: 'Alert intake probe',
    description: 'A test stand-in for the incidents service',
    version: '1',
  });
  const seen: SeenRequest[] = [];
  (app.getHttpServer() as Server).on('request', (req) =>
    seen.push({ method: req.method, url: req.url, headers: { ...req.headers } }),
  );
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`, seen };
}

async function query<T>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const withoutOccurrence = ({ correlationId: _r, instance: _i, ...rest }: Record<string, unknown>) => rest;
/** `itsm_<36-character id>_<secret>` (the secret itself may contain `_`). */
const secretOf = (key: string) => key.slice('itsm_'.length + 36 + 1);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const sign = (secret: string, timestamp: number | string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}:${body}`).digest('hex');

describe('API keys at the gateway, in front of the real catalog and an alert intake', () => {
  let db: TestDatabase;
  /** Routes /api/catalog to the real catalog; no GATEWAY_SECRET_KEY. */
  let gateway: RunningGateway;
  /** Same database, routes /api/catalog to the alert probe; has GATEWAY_SECRET_KEY (HMAC keys). */
  let signer: RunningGateway;
  let catalog: CatalogUnderTest;
  let probe: Awaited<ReturnType<typeof startAlertProbe>>;
  let adminToken: string;
  let requesterToken: string;
  const logs = new LogCapture();
  const signerLogs = new LogCapture();
  const catalogSeen: SeenRequest[] = [];
  /** Everything that must never reach a log line: keys, signing secrets, minted tokens. */
  const secrets = new Set<string>();

  const login = async (username: string) => {
    const res = await gateway.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    return res.body.accessToken as string;
  };
  const admin = (target: RunningGateway = gateway) => ({
    post: (path: string, body?: object) =>
      target.http.post(path).set('authorization', `Bearer ${adminToken}`).send(body),
    get: (path: string) => target.http.get(path).set('authorization', `Bearer ${adminToken}`),
    delete: (path: string) => target.http.delete(path).set('authorization', `Bearer ${adminToken}`),
  });
  const createKey = async (body: object, target: RunningGateway = gateway) => {
    const res = await admin(target).post('/api-keys', body);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api-keys/${res.body.id}`);
    secrets.add(res.body.key);
    secrets.add(secretOf(res.body.key));
    if (res.body.signingSecret) secrets.add(res.body.signingSecret);
    return res.body as { id: string; key: string; signingSecret?: string } & Record<string, unknown>;
  };
  const offeringsWith = (headers: Record<string, string>) =>
    gateway.http.get('/api/catalog/offerings?status=published').set(headers);

  beforeAll(async () => {
    db = await createTestDatabase('gateway_api_keys');
    const catalogPort = await freePort();
    gateway = await startGateway(db, { logs, env: { CATALOG_URL: `http://127.0.0.1:${catalogPort}` } });
    const jwksUrl = `${gateway.url}/.well-known/jwks.json`;
    // The catalog verifies tokens against this gateway's keys: the people's and the ones minted for keys.
    catalog = await startCatalog({ AUTH_JWKS_URL: jwksUrl, DEMO_DATA: 'true' });
    (catalog.app.getHttpServer() as Server).on('request', (req) =>
      catalogSeen.push({ method: req.method, url: req.url, headers: { ...req.headers } }),
    );
    await catalog.app.listen(catalogPort, '127.0.0.1');
    probe = await startAlertProbe(jwksUrl);
    signer = await startGateway(db, {
      logs: signerLogs,
      env: { CATALOG_URL: probe.url, GATEWAY_SECRET_KEY: SERVER_KEY },
    });
    adminToken = await login('platform.admin');
    requesterToken = await login('requester.li');
  });

  afterAll(async () => {
    await signer?.app.close();
    await gateway?.app.close();
    await probe?.app.close();
    await catalog?.close();
    await db?.drop();
  });

  beforeEach(() => {
    catalogSeen.length = 0;
    probe.seen.length = 0;
  });

  it('creates a key for a platform admin: shown once, stored only as a hash, never shown again', async () => {
    const res = await admin().post('/api-keys', {
      name: 'Service catalog sync',
      description: '同步服务目录',
      scopes: ['catalog:read'],
      department: 'it',
    });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { key, id } = res.body as { key: string; id: string };
    secrets.add(key);
    expect(key).toMatch(new RegExp(`^itsm_${id}_[A-Za-z0-9_-]{43}$`));
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      prefix: `itsm_${id}`,
      name: 'Service catalog sync',
      description: '同步服务目录',
      scopes: ['catalog:read'],
      department: 'it',
      hmac: false,
      status: 'active',
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      expiresAt: null,
      rotatedAt: null,
      previousSecretExpiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      key,
    });

    const one = await admin().get(`/api-keys/${id}`).expect(200);
    expect(one.body).not.toHaveProperty('key');
    expect(one.body).toMatchObject({ id, prefix: `itsm_${id}`, scopes: ['catalog:read'], status: 'active' });
    const list = await admin().get('/api-keys').expect(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(id);
    for (const body of [one.body, list.body]) expect(JSON.stringify(body)).not.toContain(secretOf(key));

    const [row] = await query<Record<string, unknown>>(db, 'select * from api_key where id = $1', [id]);
    expect(row.secret_hash).toBe(sha256(secretOf(key)));
    expect(JSON.stringify(row)).not.toContain(secretOf(key));
  });

  it('reads offerings through the gateway with a catalog:read key; the catalog sees a short-lived token, never the key', async () => {
    const { key, id } = await createKey({ name: 'BI export', scopes: ['catalog:read'], department: 'it' });
    const ways: Record<string, string>[] = [{ authorization: `ApiKey ${key}` }, { 'x-api-key': key }];
    for (const headers of ways) {
      const res = await offeringsWith(headers);
      expect({ headers: Object.keys(headers), status: res.status }).toEqual({
        headers: Object.keys(headers),
        status: 200,
      });
      expect(res.body.items.length).toBeGreaterThan(0);
    }
    const seen = catalogSeen.filter((r) => r.url?.startsWith('/offerings'));
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.headers).not.toHaveProperty('x-api-key');
      expect(JSON.stringify(request.headers)).not.toContain(secretOf(key));
      const token = String(request.headers.authorization).replace(/^Bearer /, '');
      secrets.add(token);
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({
        sub: `key:${id}`,
        roles: [],
        departments: ['it'],
        scopes: ['catalog:read'],
        iss: 'itsm-gateway',
        aud: 'itsm',
      });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
    }
    // Last use is recorded (once a minute at most).
    const lastUsedAt = await waitUntil(
      async () => (await admin().get(`/api-keys/${id}`)).body.lastUsedAt as string | undefined,
      5000,
      'lastUsedAt',
    );
    expect(Date.now() - Date.parse(lastUsedAt)).toBeLessThan(60_000);
  });

  it('refuses a key without the scope: the catalog answers 403 auth.scope.forbidden; writes are closed to keys', async () => {
    const { key } = await createKey({ name: 'Requests bot', scopes: ['requests:read', 'requests:write'] });
    const res = await offeringsWith({ authorization: `ApiKey ${key}` }).expect(403);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'auth.scope.forbidden', requiredScopes: ['catalog:read'] });

    const reader = await createKey({ name: 'Reader', scopes: ['catalog:read'] });
    const write = await gateway.http
      .post('/api/catalog/departments')
      .set('x-api-key', reader.key)
      .send({ code: 'by-key', kind: 'it', name: { en: 'By key', 'zh-CN': '密钥' } })
      .expect(403);
    expect(write.body.code).toBe('auth.scope.forbidden');
  });

  it('refuses revoked, expired, unknown and malformed keys with one and the same 401', async () => {
    const revoked = await createKey({ name: 'To revoke', scopes: ['catalog:read'] });
    await offeringsWith({ 'x-api-key': revoked.key }).expect(200);
    const revocation = await admin().post(`/api-keys/${revoked.id}/revoke`).expect(200);
    expect(revocation.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    await admin().post(`/api-keys/${revoked.id}/revoke`).expect(200); // again: nothing changes

    const deleted = await createKey({ name: 'To delete', scopes: ['catalog:read'] });
    await admin().delete(`/api-keys/${deleted.id}`).expect(204);
    expect((await admin().get(`/api-keys/${deleted.id}`).expect(200)).body.status).toBe('revoked');

    const expired = await createKey({
      name: 'Expiring',
      scopes: ['catalog:read'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await offeringsWith({ 'x-api-key': expired.key }).expect(200);
    await query(db, "update api_key set expires_at = now() - interval '1 second' where id = $1", [expired.id]);

    const unknown = `itsm_0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b_${'A'.repeat(43)}`;
    const wrongSecret = `itsm_${revoked.id}_${'B'.repeat(43)}`;
    const answers = [];
    for (const key of [revoked.key, deleted.key, expired.key, unknown, wrongSecret, 'itsm_nonsense']) {
      const res = await offeringsWith({ authorization: `ApiKey ${key}` });
      expect({ key: key.slice(0, 20), status: res.status }).toEqual({ key: key.slice(0, 20), status: 401 });
      expect(res.headers['content-type']).toMatch(PROBLEM);
      answers.push(withoutOccurrence(res.body));
    }
    expect(answers[0]).toMatchObject({ status: 401, code: 'auth.api_key.invalid' });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    // Refused at the gateway: the catalog never saw them.
    expect(catalogSeen.filter((r) => r.url?.startsWith('/offerings'))).toHaveLength(2);
    // The log names the key id and why, nothing more.
    expect(logs.entries().some((e) => e.msg === 'api key refused: revoked key' && e.keyId === revoked.id)).toBe(true);
    expect(logs.entries().some((e) => e.msg === 'api key refused: expired key' && e.keyId === expired.id)).toBe(true);

    const rotateRevoked = await admin().post(`/api-keys/${revoked.id}/rotate`, {}).expect(409);
    expect(rotateRevoked.body.code).toBe('api_key.revoked');
  });

  it('rotates without downtime: the old secret works during the grace period only, the new one from the start', async () => {
    const original = await createKey({ name: 'Rotating', scopes: ['catalog:read'] });
    const rotation = await admin().post(`/api-keys/${original.id}/rotate`, { graceSeconds: 300 });
    expect(rotation.status).toBe(200);
    expect(rotation.headers['cache-control']).toBe('no-store');
    const rotated = rotation.body.key as string;
    secrets.add(rotated);
    expect(rotated).not.toBe(original.key);
    expect(rotated.startsWith(`itsm_${original.id}_`)).toBe(true);
    expect(rotation.body).toMatchObject({
      id: original.id,
      rotatedAt: expect.any(String),
      previousSecretExpiresAt: expect.any(String),
    });

    await offeringsWith({ 'x-api-key': original.key }).expect(200);
    await offeringsWith({ 'x-api-key': rotated }).expect(200);
    // The grace period is over.
    await query(db, "update api_key set previous_secret_expires_at = now() - interval '1 second' where id = $1", [
      original.id,
    ]);
    expect((await offeringsWith({ 'x-api-key': original.key }).expect(401)).body.code).toBe('auth.api_key.invalid');
    await offeringsWith({ 'x-api-key': rotated }).expect(200);

    // Without a grace period the replaced secret stops at once.
    const again = await admin().post(`/api-keys/${original.id}/rotate`).expect(200);
    secrets.add(again.body.key);
    expect(again.body.previousSecretExpiresAt).toBeNull();
    await offeringsWith({ 'x-api-key': rotated }).expect(401);
    await offeringsWith({ 'x-api-key': again.body.key }).expect(200);
  });

  it('keeps a key for one alert source from posting as another, or reading the catalog', async () => {
    const { key, id } = await createKey({ name: 'Grafana A', scopes: ['alerts:write:grafana-a'] });
    const ok = await signer.http
      .post('/api/catalog/alerts/grafana-a')
      .set('x-api-key', key)
      .send({ title: 'disk full' })
      .expect(201);
    expect(ok.body).toMatchObject({
      source: 'grafana-a',
      subject: `key:${id}`,
      scopes: ['alerts:write:grafana-a'],
      roles: [],
    });
    const other = await signer.http
      .post('/api/catalog/alerts/grafana-b')
      .set('x-api-key', key)
      .send({ title: 'disk full' })
      .expect(403);
    expect(other.body).toMatchObject({ code: 'auth.scope.forbidden', requiredScopes: ['alerts:write:grafana-b'] });
    expect((await offeringsWith({ 'x-api-key': key }).expect(403)).body.code).toBe('auth.scope.forbidden');
  });

  it('keeps the key admin API to platform admins: not keys, not requesters, not anonymous callers', async () => {
    const { key } = await createKey({ name: 'Curious bot', scopes: ['catalog:read'] });
    for (const headers of [{ authorization: `ApiKey ${key}` }, { 'x-api-key': key }, {}]) {
      const res = await gateway.http.get('/api-keys').set(headers).expect(401);
      expect(res.body.code).toBe('auth.token.missing');
      await gateway.http
        .post('/api-keys')
        .set(headers)
        .send({ name: 'x', scopes: ['catalog:read'] })
        .expect(401);
    }
    for (const username of ['requester.li', 'admin.it']) {
      const token = username === 'requester.li' ? requesterToken : await login(username);
      const list = await gateway.http.get('/api-keys').set('authorization', `Bearer ${token}`).expect(403);
      expect(list.body).toMatchObject({ code: 'auth.role.forbidden' });
      await gateway.http
        .post('/api-keys')
        .set('authorization', `Bearer ${token}`)
        .send({ name: 'x', scopes: ['catalog:read'] })
        .expect(403);
    }
    // Nor the token minted for a key, should a service ever let one out: it names no scope this API opens to keys.
    await offeringsWith({ 'x-api-key': key }).expect(200);
    const minted = String(catalogSeen.find((r) => r.url?.startsWith('/offerings'))?.headers.authorization);
    expect(minted).toMatch(/^Bearer /);
    secrets.add(minted.slice('Bearer '.length));
    const res = await gateway.http.get('/api-keys').set('authorization', minted).expect(403);
    expect(res.body.code).toBe('auth.scope.forbidden');
  });

  it('refuses bad input with 400 problems naming the fields', async () => {
    const cases: [object, string[]][] = [
      [{ scopes: ['catalog:read'] }, ['name']],
      [{ name: 'x', scopes: [] }, ['scopes']],
      [
        { name: 'x', scopes: ['catalog:write', 'alerts:write:Bad_Source', 'alerts:write:grafana-a'] },
        ['scopes[0]', 'scopes[1]'],
      ],
      [{ name: 'x', scopes: ['catalog:read', 'catalog:read'] }, ['scopes']],
      [{ name: 'x', scopes: ['catalog:read'], department: 'IT desk' }, ['department']],
      [{ name: 'x', scopes: ['catalog:read'], expiresAt: '2020-01-01T00:00:00Z' }, ['expiresAt']],
      [{ name: 'x', scopes: ['catalog:read'], owner: 'me' }, ['owner']],
      [{ name: 'nul\u0000', scopes: ['catalog:read'] }, ['name']],
    ];
    for (const [body, paths] of cases) {
      const res = await admin().post('/api-keys', body);
      expect({
        body,
        status: res.status,
        code: res.body.code,
        paths: res.body.fields?.map((f: { path: string }) => f.path),
      }).toEqual({
        body,
        status: 400,
        code: 'validation.failed',
        paths,
      });
    }
    const { id } = await createKey({ name: 'Valid', scopes: ['catalog:read'] });
    expect((await admin().post(`/api-keys/${id}/rotate`, { graceSeconds: -1 }).expect(400)).body.fields[0].path).toBe(
      'graceSeconds',
    );
    expect((await admin().get('/api-keys?limit=500').expect(400)).body.fields[0].path).toBe('limit');
    expect((await admin().get('/api-keys?cursor=nonsense').expect(400)).body.fields[0].path).toBe('cursor');
    expect((await admin().get('/api-keys/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').expect(404)).body.code).toBe(
      'api_key.not_found',
    );
    expect((await admin().get('/api-keys/not-an-id').expect(404)).body.code).toBe('api_key.not_found');
  });

  it('lists keys page by page with a cursor, revoked ones only when asked', async () => {
    for (const name of ['Page 1', 'Page 2', 'Page 3']) await createKey({ name, scopes: ['catalog:read'] });
    const gone = await createKey({ name: 'Page 4 (revoked)', scopes: ['catalog:read'] });
    await admin().post(`/api-keys/${gone.id}/revoke`).expect(200);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await admin()
        .get(`/api-keys?limit=2&includeRevoked=true${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      all.push(...res.body.items.map((k) => k.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const [{ n, revoked }] = await query<{ n: number; revoked: number }>(
      db,
      'select count(*)::int as n, count(revoked_at)::int as revoked from api_key',
    );
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    expect([...all].sort()).toEqual(all); // oldest first
    expect(revoked).toBeGreaterThan(0);
    const active = await admin().get('/api-keys?limit=200').expect(200);
    expect(active.body.items).toHaveLength(n - revoked);
    expect(active.body.items.map((k: { id: string }) => k.id)).not.toContain(gone.id);
  });

  describe('HMAC-signed requests (Grafana alerting, or X-Itsm-Signature)', () => {
    let hmacKey: { id: string; key: string; signingSecret?: string };
    const body = JSON.stringify({
      receiver: 'itsm',
      status: 'firing',
      alerts: [{ labels: { alertname: 'DiskFull' } }],
    });
    const post = (headers: Record<string, string>, payload = body, source = 'grafana-a') =>
      signer.http
        .post(`/api/catalog/alerts/${source}`)
        .set('content-type', 'application/json')
        .set(headers)
        .send(payload);
    const ours = (secret: string, timestamp: number, payload = body, keyId = hmacKey.id) => ({
      'x-itsm-key-id': keyId,
      'x-itsm-timestamp': String(timestamp),
      'x-itsm-signature': `sha256=${sign(secret, timestamp, payload)}`,
    });

    beforeAll(async () => {
      hmacKey = await createKey({ name: 'Grafana A (signed)', scopes: ['alerts:write:grafana-a'], hmac: true }, signer);
    });

    it('hands out a signing secret with an HMAC key, only where GATEWAY_SECRET_KEY is set', async () => {
      expect(hmacKey.signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const res = await admin(gateway)
        .post('/api-keys', { name: 'No secret key here', scopes: ['alerts:write:grafana-a'], hmac: true })
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('api_key.hmac_unavailable');
      // Nothing stored for the refused one.
      expect(await query(db, "select id from api_key where name = 'No secret key here'")).toEqual([]);
    });

    it('passes a correctly signed request, forwarding the same bytes with a token instead of the signature', async () => {
      const res = await post(ours(hmacKey.signingSecret!, nowSeconds())).expect(201);
      expect(res.body).toEqual({
        source: 'grafana-a',
        raw: body,
        subject: `key:${hmacKey.id}`,
        scopes: ['alerts:write:grafana-a'],
        roles: [],
      });
      const [seen] = probe.seen;
      for (const header of ['x-itsm-key-id', 'x-itsm-timestamp', 'x-itsm-signature'])
        expect(seen.headers).not.toHaveProperty(header);
      expect(seen.headers.authorization).toMatch(/^Bearer /);
      secrets.add(String(seen.headers.authorization).slice('Bearer '.length));
    });

    it('accepts Grafana\'s own header (plain hex over "<timestamp>:<body>"), also for a chunked body', async () => {
      const timestamp = nowSeconds();
      const grafana = {
        'x-itsm-key-id': hmacKey.id,
        'x-itsm-timestamp': String(timestamp),
        'x-grafana-alerting-signature': sign(hmacKey.signingSecret!, timestamp, body),
      };
      expect((await post(grafana).expect(201)).body.raw).toBe(body);
      const chunked = await fetch(`${signer.url}/api/catalog/alerts/grafana-a`, {
        method: 'POST',
        headers: { ...grafana, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(body.slice(0, 10)));
            controller.enqueue(new TextEncoder().encode(body.slice(10)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(201);
      expect(((await chunked.json()) as { raw: string }).raw).toBe(body);
    });

    it('refuses a wrong signature, a changed body, a stale or future timestamp, a replay outside the window, missing parts', async () => {
      const secret = hmacKey.signingSecret!;
      const now = nowSeconds();
      const captured = ours(secret, now - 6 * 60); // signed correctly, six minutes ago
      const plain = await createKey({ name: 'Not HMAC', scopes: ['alerts:write:grafana-a'] }, signer);
      const cases: [string, Record<string, string>, string?][] = [
        ['wrong signature', { ...ours(secret, now), 'x-itsm-signature': `sha256=${'0'.repeat(64)}` }],
        ['signed with another secret', ours('some-other-secret', now)],
        ['body changed after signing', ours(secret, now), body.replace('firing', 'resolved')],
        ['stale timestamp', ours(secret, now - 301)],
        ['future timestamp', ours(secret, now + 400)],
        ['replayed after the window', captured],
        ['no timestamp', { 'x-itsm-key-id': hmacKey.id, 'x-itsm-signature': `sha256=${sign(secret, '', body)}` }],
        ['no key id', { 'x-itsm-timestamp': String(now), 'x-itsm-signature': `sha256=${sign(secret, now, body)}` }],
        ['malformed signature', { ...ours(secret, now), 'x-itsm-signature': 'md5=abc' }],
        ['key without hmac', ours(secret, now, body, plain.id)],
      ];
      for (const [label, headers, payload] of cases) {
        const res = await post(headers, payload ?? body);
        expect({ label, status: res.status, code: res.body.code }).toEqual({
          label,
          status: 401,
          code: 'auth.signature.invalid',
        });
      }
      expect(probe.seen).toEqual([]);
      // A signed request to a gateway without GATEWAY_SECRET_KEY cannot be checked: refused as well.
      const elsewhere = await gateway.http
        .post('/api/catalog/offerings')
        .set('content-type', 'application/json')
        .set(ours(secret, now))
        .send(body);
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body.code).toBe('auth.signature.invalid');
    });

    it('still allows only its own alert source when signed', async () => {
      const timestamp = nowSeconds();
      const res = await post(ours(hmacKey.signingSecret!, timestamp), body, 'grafana-b').expect(403);
      expect(res.body.code).toBe('auth.scope.forbidden');
    });

    it('rotates the signing secret: the previous one during the grace period only', async () => {
      const before = hmacKey.signingSecret!;
      const rotation = await admin(signer).post(`/api-keys/${hmacKey.id}/rotate`, { graceSeconds: 120 }).expect(200);
      const after = rotation.body.signingSecret as string;
      secrets.add(after);
      secrets.add(rotation.body.key);
      expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(after).not.toBe(before);
      await post(ours(before, nowSeconds())).expect(201);
      await post(ours(after, nowSeconds())).expect(201);
      await query(db, "update api_key set previous_secret_expires_at = now() - interval '1 second' where id = $1", [
        hmacKey.id,
      ]);
      expect((await post(ours(before, nowSeconds())).expect(401)).body.code).toBe('auth.signature.invalid');
      await post(ours(after, nowSeconds())).expect(201);
      // Revoked: signatures are refused too.
      await admin(signer).post(`/api-keys/${hmacKey.id}/revoke`).expect(200);
      await post(ours(after, nowSeconds())).expect(401);
    });
  });

  it('never writes a key, a signing secret or a minted token to the log', () => {
    const lines = [...logs.lines(), ...signerLogs.lines()];
    expect(lines.length).toBeGreaterThan(30);
    expect(secrets.size).toBeGreaterThan(20);
    for (const secret of secrets) {
      const leaking = lines.filter((line) => line.includes(secret));
      expect({ secret: `${secret.slice(0, 8)}…`, leaking }).toEqual({ secret: `${secret.slice(0, 8)}…`, leaking: [] });
    }
    const entries = [...logs.entries(), ...signerLogs.entries()];
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'api key created', keyId: expect.any(String), scopes: ['catalog:read'] }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'signed request refused: signature does not match', keyId: expect.any(String) }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'signed request refused: timestamp missing or outside the window' }),
    );
  });
});
