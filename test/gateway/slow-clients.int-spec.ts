import { type AddressInfo, connect } from 'node:net';
import type { Server } from 'node:http';
import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import type { CatalogUnderTest } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { type RunningGateway, startGatewayAndCatalog } from './support/gateway-under-test';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
/** Node looks for expired connections once a second: a deadline is met within that, plus room for a busy machine. */
const SLACK_MS = 3_000;
const DEADLINES = {
  HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
};

interface Closed {
  /** Everything the server sent before the connection closed. */
  response: string;
  afterMs: number;
}

/** A raw connection that sends `start`, then one more byte of `drip` every 100 ms until the server closes it. */
function trickle(port: number, start: string, drip = 'a'): Promise<Closed> {
  const began = Date.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(start));
    const dripping = setInterval(() => socket.writable && socket.write(drip), 100);
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('error', () => undefined); // a reset once the answer is out is fine
    socket.on('close', () => {
      clearInterval(dripping);
      resolve({ response, afterMs: Date.now() - began });
    });
    // Never hang the suite: Node's own deadlines (60 s, 300 s) are far beyond this.
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

/** Closed by the server at its deadline, with a 408 problem. */
function expectTimedOut(closed: Closed, deadlineMs: number): void {
  const [head = '', body = ''] = closed.response.split('\r\n\r\n');
  expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json; charset=utf-8\r\n/i);
  expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
  expect(JSON.parse(body)).toMatchObject({
    status: 408,
    code: 'http.request_timeout',
    title: 'Request timeout',
    detail: expect.stringContaining(`${REQUEST_TIMEOUT_MS / 1000} s`),
  });
  expect(closed.afterMs).toBeGreaterThanOrEqual(deadlineMs - 50);
  expect(closed.afterMs).toBeLessThan(deadlineMs + SLACK_MS);
}

/**
 * A caller trickling a request cannot hold connections open: headers must arrive within
 * HTTP_HEADERS_TIMEOUT_MS and the whole request within HTTP_REQUEST_TIMEOUT_MS, at the gateway and
 * at every service (the same platform code), else 408 and the connection is closed. Idle keep-alive
 * connections are not cut by this.
 */
describe('slow clients at the gateway and the services', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let catalog: CatalogUnderTest;
  let gatewayPort: number;
  let catalogPort: number;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('gateway_slow_clients');
    ({ gateway, catalog, catalogPort } = await startGatewayAndCatalog(db, { gateway: DEADLINES, catalog: DEADLINES }));
    gatewayPort = ((gateway.app.getHttpServer() as Server).address() as AddressInfo).port;
    token = (
      await gateway.http.post('/auth/login').send({ username: 'platform.admin', password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken;
  });

  afterAll(async () => {
    await gateway?.app.close();
    await catalog?.close();
    await db?.drop();
  });

  const post = (path: string, host: string, authorization = '') =>
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n${authorization}\r\n{"username":`;

  it('answers 408 and closes 40 connections trickling headers or a body, at the deadline', async () => {
    const bearer = `Authorization: Bearer ${token}\r\n`;
    const closed = await Promise.all([
      // Headers that never end, to the gateway and straight to a service.
      ...Array.from({ length: 10 }, () => trickle(gatewayPort, 'GET /health/live HTTP/1.1\r\nHost: gateway\r\n', 'X')),
      ...Array.from({ length: 10 }, () => trickle(catalogPort, 'GET /health/live HTTP/1.1\r\nHost: catalog\r\n', 'X')),
      // Bodies that never end: the gateway's own sign-in, a body the gateway streams on to the catalog, one sent to the catalog itself.
      ...Array.from({ length: 7 }, () => trickle(gatewayPort, post('/auth/login', 'gateway'))),
      ...Array.from({ length: 7 }, () => trickle(gatewayPort, post('/api/catalog/departments', 'gateway', bearer))),
      ...Array.from({ length: 6 }, () => trickle(catalogPort, post('/departments', 'catalog', bearer))),
    ]);
    closed.slice(0, 20).forEach((c) => expectTimedOut(c, HEADERS_TIMEOUT_MS));
    closed.slice(20).forEach((c) => expectTimedOut(c, REQUEST_TIMEOUT_MS));
  });

  it('answers in the language the caller asked for when its headers arrived', async () => {
    const closed = await trickle(
      catalogPort,
      `${post('/departments', 'catalog').replace('Content-Type', 'Accept-Language: zh-CN\r\nContent-Type')}`,
    );
    const [head = '', body = ''] = closed.response.split('\r\n\r\n');
    expect(head).toMatch(/\r\ncontent-language: zh-CN\r\n/i);
    expect(JSON.parse(body)).toMatchObject({ code: 'http.request_timeout', title: '请求超时' });
  });

  it('keeps idle keep-alive connections open past the deadlines, for the next request', async () => {
    for (const port of [gatewayPort, catalogPort]) {
      const socket = connect(port, '127.0.0.1');
      const responses: string[] = [];
      socket.on('data', (chunk: Buffer) => responses.push(chunk.toString('utf8')));
      const ask = async () => {
        const before = responses.length;
        socket.write('GET /health/live HTTP/1.1\r\nHost: itsm\r\n\r\n');
        for (let waited = 0; responses.length === before && waited < 5_000; waited += 20)
          await new Promise((r) => setTimeout(r, 20));
        return responses.slice(before).join('');
      };
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
      // Idle for longer than either deadline: still open, and still answering.
      await new Promise((r) => setTimeout(r, REQUEST_TIMEOUT_MS + 1_500));
      expect(socket.destroyed).toBe(false);
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
      socket.destroy();
    }
  });
});
