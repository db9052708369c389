import {
  Agent,
  createServer,
  globalAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { watchGateway } from './support/gateway-under-test';
import { loadConfig } from '@itsm/platform/config';
import { createTestDatabase, type TestDatabase, withAuthorization } from '@itsm/platform/testing';
// Root-level tests may span services: the real catalog behind the real gateway.
import { type CatalogUnderTest, startCatalog } from '../../services/catalog/test/catalog-harness';
import { createGatewayApp } from '../../services/gateway/src/bootstrap';
import { gatewayEnv } from '../../services/gateway/src/config';
import { duplicateOperationIds, unresolvedRefs } from '../../services/gateway/test/openapi-structure';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PROBLEM = /^application\/problem\+json/;

interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

// The gateway's own database (accounts and signing keys); the gateways of this file share it.
let gatewayDb: TestDatabase;

beforeAll(async () => {
  gatewayDb = await createTestDatabase('gateway');
});

afterAll(() => gatewayDb?.drop());

async function startGateway(env: Record<string, string>): Promise<INestApplication> {
  const app = await createGatewayApp(
    loadConfig(gatewayEnv, { LOG_LEVEL: 'silent', DATABASE_URL: gatewayDb.url, ...env }),
  );
  await app.listen(0, '127.0.0.1');
  watchGateway(app);
  return app;
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A body sent with `Transfer-Encoding: chunked` (no length known up front), as a raw HTTP call. */
function postChunked(
  base: string,
  path: string,
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }),
        );
      },
    );
    // The gateway may answer and close before the last chunk; the response is what counts.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('gateway in front of the real catalog', () => {
  let catalog: CatalogUnderTest;
  let catalogUrl: string;
  let gateway: INestApplication;
  let http: ReturnType<typeof request>;
  const seen: SeenRequest[] = [];
  const seenAt = (path: string) => seen.filter((r) => r.url?.startsWith(path));

  beforeAll(async () => {
    catalog = await startCatalog();
    await catalog.app.listen(0, '127.0.0.1');
    const server = catalog.app.getHttpServer() as Server;
    // Every request that reaches the catalog, as it arrived.
    server.on('request', (req) => seen.push({ method: req.method, url: req.url, headers: { ...req.headers } }));
    catalogUrl = urlOf(server);
    gateway = await startGateway({ CATALOG_URL: catalogUrl });
    // The catalog verifies tokens itself; the gateway passes Authorization through untouched.
    http = withAuthorization(request(gateway.getHttpServer()), `Bearer ${catalog.adminToken}`);
  });

  afterAll(async () => {
    await gateway?.close();
    await catalog?.close().catch(() => undefined);
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('routes GET /api/catalog/offerings to the catalog, query string included', async () => {
    const direct = await catalog.http.get('/offerings?limit=5').expect(200);
    const res = await http.get('/api/catalog/offerings?limit=5').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(direct.body);
    expect(seenAt('/offerings').map((r) => `${r.method} ${r.url}`)).toContain('GET /offerings?limit=5');
  });

  it('keeps idle connections open longer than the agent it proxies with, on the gateway and the service', async () => {
    // Node's agent drops an idle connection after 5 s; a server dropping it at the same moment makes
    // the next request on it fail (ECONNRESET, a 502 for the caller).
    const agent = new Agent({ keepAlive: true });
    const keepAliveOf = (url: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        httpRequest(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['keep-alive'])));
        })
          .on('error', reject)
          .end();
      });
    try {
      const announced = [
        await keepAliveOf(`${urlOf(gateway.getHttpServer() as Server)}/health/live`),
        await keepAliveOf(`${catalogUrl}/health/live`),
      ];
      const seconds = announced.map((header) => Number(/timeout=(\d+)/.exec(header ?? '')?.[1]));
      const agentIdleMs = (globalAgent as Agent & { options: { timeout: number } }).options.timeout;
      for (const s of seconds) expect(s * 1000).toBeGreaterThan(agentIdleMs + 10_000);
    } finally {
      agent.destroy();
    }
  });

  it('sends security headers on its own answers and on proxied ones', async () => {
    for (const path of ['/api/catalog/offerings?limit=1', '/health/live', '/api/docs']) {
      const res = await http.get(path);
      expect({
        path,
        nosniff: res.headers['x-content-type-options'],
        frame: res.headers['x-frame-options'],
        poweredBy: res.headers['x-powered-by'],
      }).toEqual({
        path,
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        poweredBy: undefined,
      });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('passes the access token through: the catalog itself refuses a request without one', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/catalog/offerings').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'auth.token.missing' });
    expect(seenAt('/offerings')).toHaveLength(1);
    expect(seenAt('/offerings')[0].headers).not.toHaveProperty('authorization');
    await http.get('/api/catalog/offerings').expect(200);
    expect(seenAt('/offerings')[1].headers.authorization).toBe(`Bearer ${catalog.adminToken}`);
  });

  it('creates through the gateway: POST /api/catalog/departments', async () => {
    const input = { code: `gw-it-${Date.now().toString(36)}`, kind: 'it', name: { en: 'IT', 'zh-CN': '信息技术部' } };
    const created = await http.post('/api/catalog/departments').send(input).expect(201);
    expect(created.body).toMatchObject({ code: input.code, kind: 'it' });
    const id = created.body.departmentId as string;
    // The catalog says /departments/<id>; callers reach it under the gateway's prefix.
    expect(created.headers.location).toBe(`/api/catalog/departments/${id}`);
    await http.get(created.headers.location).expect(200);
    await catalog.http.get(`/departments/${id}`).expect(200);
    const listed = await http.get('/api/catalog/departments?limit=100').expect(200);
    expect(JSON.stringify(listed.body)).toContain(id);
  });

  it('generates a request id when absent, echoes it and sends it to the service', async () => {
    const res = await http.get('/api/catalog/offerings').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(seenAt('/offerings')[0].headers['x-request-id']).toBe(id);
  });

  it("keeps the caller's request id: the service's own problem carries it", async () => {
    const res = await http
      .get('/api/catalog/departments/0196a7d5-0000-7000-8000-000000000000')
      .set('x-request-id', 'gw-test-42')
      .expect(404);
    expect(res.headers['x-request-id']).toBe('gw-test-42');
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.correlationId).toBe('gw-test-42');
  });

  it('forwards traceparent (same trace) and x-forwarded-*, and drops hop-by-hop headers', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
    await http
      .get('/api/catalog/offerings')
      .set('traceparent', traceparent)
      .set('x-forwarded-for', '203.0.113.9')
      .set('proxy-authorization', 'Basic c2VjcmV0')
      .set('connection', 'keep-alive, x-hop')
      .set('x-hop', '1')
      .expect(200);
    const headers = seenAt('/offerings')[0].headers;
    // Unchanged here (no OpenTelemetry SDK in this process); with tracing the gateway's span becomes the parent.
    expect(String(headers.traceparent).split('-')[1]).toBe(traceId);
    // The client as the gateway derived it (no TRUSTED_PROXIES here: the peer), not the caller's claim.
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(headers.host).toBe(new URL(catalogUrl).host);
    expect(headers).not.toHaveProperty('proxy-authorization');
    expect(headers).not.toHaveProperty('x-hop');
  });

  it('refuses a declared body over HTTP_BODY_LIMIT with 413 without contacting the catalog', async () => {
    const big = { code: 'x', kind: 'it', name: { en: 'a'.repeat(1024 * 1024 + 10), 'zh-CN': '大' } };
    const res = await http.post('/api/catalog/departments').send(big).expect(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'http.payload_too_large', status: 413, limit: 1024 * 1024 });
    expect(seen).toHaveLength(0);
  });

  it('answers an unknown service with a 404 problem', async () => {
    const res = await http.get('/api/nope/things').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'gateway.service.unknown', service: 'nope', services: ['catalog'] });
  });

  it('refuses dot segments that would climb out of the service path', async () => {
    const res = await http.get('/api/catalog/%2e%2e/metrics').expect(400);
    expect(res.body).toMatchObject({ code: 'gateway.path.invalid' });
    expect(seen).toHaveLength(0);
  });

  it('serves the aggregated OpenAPI 3.1 document', async () => {
    const res = await http.get('/api/openapi.json').expect(200);
    const document = res.body;
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toBe('ITSM platform API / ITSM 平台 API');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/catalog/offerings', '/api/catalog/departments']),
    );
    // The gateway's own endpoints are documented too, under their own paths.
    const own = [
      '/auth/login',
      '/auth/refresh',
      '/auth/logout',
      '/api-keys',
      '/api-keys/{id}/rotate',
      '/audit-records',
      '/health/live',
      '/health/ready',
      '/health/details',
      '/.well-known/jwks.json',
      '/api/openapi.json',
      '/api/asyncapi.json',
      '/api/docs',
      '/api/docs/{asset}',
      '/metrics',
    ];
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(own));
    expect(document.paths['/auth/login'].post).toMatchObject({
      tags: ['gateway: auth'],
      requestBody: expect.anything(),
    });
    expect(document.paths['/api-keys'].post.security).toEqual([{ 'gateway.bearer': [] }]);
    expect(
      Object.keys(document.paths).every(
        (p: string) => p.startsWith('/api/catalog') || own.some((o) => p.startsWith(o)),
      ),
    ).toBe(true);
    expect(
      Object.keys(document.components.schemas ?? {}).every((name: string) => /^(catalog|gateway)\./.test(name)),
    ).toBe(true);
    expect(unresolvedRefs(document)).toEqual([]);
    expect(duplicateOperationIds(document)).toEqual([]);
    expect(document['x-unavailable-services']).toEqual([]);
    // What the gateway itself answers on every proxied operation, and on paths no one lists.
    expect(document.paths['/api/catalog/offerings'].get.responses).toMatchObject({
      '429': { $ref: '#/components/responses/gateway.TooManyRequests' },
      '503': { $ref: expect.stringMatching(/\.ServiceUnavailable$/) },
      '504': { $ref: '#/components/responses/gateway.GatewayTimeout' },
    });
    expect(document.components.responses['gateway.GatewayTimeout'].headers['Retry-After']).toMatchObject({
      required: true,
    });
    expect(Object.keys(document['x-other-paths'].responses)).toEqual(['400', '401', '404', '413', '429', '503', '504']);
  });

  it('serves the AsyncAPI document of the event topics integrations subscribe to', async () => {
    const res = await http.get('/api/asyncapi.json').expect(200);
    expect(res.body.asyncapi).toBe('3.0.0');
    expect(Object.keys(res.body.channels)).toEqual(
      expect.arrayContaining(['itsm.catalog.offering.v1', 'itsm.catalog.team.v1']),
    );
    expect(seen).toHaveLength(0); // answered by the gateway itself, not proxied
  });

  it('serves the docs page and its assets', async () => {
    const page = await http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    const bundle = await http.get('/api/docs/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    const init = await http.get('/api/docs/swagger-initializer.js').expect(200);
    expect(init.text).toContain('/api/openapi.json');
    const missing = await http.get('/api/docs/nothing.js').expect(404);
    expect(missing.headers['content-type']).toMatch(PROBLEM);
  });

  it('is live and ready while the catalog is', async () => {
    await http.get('/health/live').expect(200);
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
    const details = await http.get('/health/details').expect(200);
    expect(details.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, catalog: { status: 'up' } },
    });
  });

  it('exposes Prometheus metrics', async () => {
    const res = await http.get('/metrics').expect(200);
    expect(res.text).toContain('http_server_request_duration_seconds');
  });

  describe('with a smaller limit than the catalog', () => {
    let small: INestApplication;
    beforeAll(async () => {
      small = await startGateway({ CATALOG_URL: catalogUrl, HTTP_BODY_LIMIT: '64kb' });
    });
    afterAll(() => small?.close());

    it('cuts a chunked body off with 413 once it grows past the limit', async () => {
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const res = await postChunked(
        urlOf(small.getHttpServer() as Server),
        '/api/catalog/departments',
        Array.from({ length: 8 }, () => chunk),
      );
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      // The gateway's limit, not the catalog's 1mb.
      expect(JSON.parse(res.body)).toMatchObject({ code: 'http.payload_too_large', limit: 64 * 1024 });
    });

    it('never invites an oversized body: no 100 Continue, straight to 413', async () => {
      const outcome = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
        let continued = false;
        const req = httpRequest(`${urlOf(small.getHttpServer() as Server)}/api/catalog/departments`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(1024 * 1024),
            expect: '100-continue',
          },
        });
        req.on('continue', () => {
          continued = true;
          req.destroy();
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, continued });
          req.destroy();
        });
        req.on('error', (error) => (continued ? resolve({ status: 0, continued }) : reject(error)));
        req.flushHeaders();
      });
      expect(outcome).toEqual({ status: 413, continued: false });
      expect(seen).toHaveLength(0);
    });

    it('streams a chunked body under the limit through', async () => {
      const input = JSON.stringify({
        code: `gw-chunked-${Date.now().toString(36)}`,
        kind: 'it',
        name: { en: 'IT', 'zh-CN': '信息技术部' },
      });
      const res = await postChunked(
        urlOf(small.getHttpServer() as Server),
        '/api/catalog/departments',
        [Buffer.from(input.slice(0, 10)), Buffer.from(input.slice(10))],
        {
          authorization: `Bearer ${catalog.adminToken}`,
        },
      );
      expect(res.status).toBe(201);
    });
  });

  describe('after the catalog stopped', () => {
    beforeAll(async () => {
      await catalog.close();
    });

    it('stays ready (one service down takes nothing else down), and its details say which service is down', async () => {
      const ready = await http.get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
      expect(ready.body.details).not.toHaveProperty('catalog');
      const details = await http.get('/health/details').expect(503);
      expect(details.body).toMatchObject({ details: { database: { status: 'up' }, catalog: { status: 'down' } } });
      await http.get('/health/live').expect(200);
    });

    it('answers 503 problem with Retry-After for requests to it', async () => {
      const res = await http.get('/api/catalog/offerings').expect(503);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({
        code: 'gateway.upstream.unavailable',
        service: 'catalog',
        title: 'Service unavailable',
      });
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('still serves the OpenAPI document, listing the catalog as unavailable', async () => {
      const res = await http.get('/api/openapi.json').expect(200);
      expect(Object.keys(res.body.paths).every((p) => !p.startsWith('/api/catalog'))).toBe(true);
      expect(res.body['x-unavailable-services']).toEqual([{ name: 'catalog', reason: 'unreachable (ECONNREFUSED)' }]);
    });
  });
});

describe('gateway in front of a service that never answers', () => {
  let silent: Server;
  let gateway: INestApplication;

  beforeAll(async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    gateway = await startGateway({ CATALOG_URL: urlOf(silent), UPSTREAM_TIMEOUT_MS: '300' });
  });

  afterAll(async () => {
    await gateway?.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up after UPSTREAM_TIMEOUT_MS with a 504 problem', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/catalog/offerings').expect(504);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      code: 'gateway.upstream.timeout',
      title: 'Gateway timeout',
      service: 'catalog',
      timeoutMs: 300,
    });
    expect(res.headers['retry-after']).toBe('5');
  });
});
