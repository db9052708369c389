import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import type { CatalogUnderTest } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { queryRows, type RunningGateway, startGatewayAndCatalog } from './support/gateway-under-test';
import { httpFrom } from './support/http-from';

/** The test's own requests come from here: the reverse proxy in front of the gateway, trusted by it (and the gateway by the catalog). */
const PROXY = '127.0.0.1';
/** A caller that reaches the gateway, or a service, directly: nobody's proxy. */
const STRANGER = '127.0.0.2';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/**
 * X-Forwarded-For is believed only from TRUSTED_PROXIES: the gateway's audit trail and its rate
 * limits see the same address, the services learn it from the gateway alone, and a caller who is
 * nobody's proxy cannot choose the address it is recorded and counted under.
 */
describe('client addresses (X-Forwarded-For from trusted proxies only)', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let catalog: CatalogUnderTest;
  let catalogUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('gateway_client_address');
    ({ gateway, catalog, catalogUrl } = await startGatewayAndCatalog(db, {
      gateway: { TRUSTED_PROXIES: PROXY, RATE_LIMIT_LOGIN_PER_MINUTE: '3' },
      catalog: { TRUSTED_PROXIES: PROXY },
    }));
  });

  afterAll(async () => {
    await gateway?.app.close();
    await catalog?.close();
    await db?.drop();
  });

  const signIn = (from: string, forwardedFor: string, username: string, password: string, requestId?: string) =>
    httpFrom(from, `${gateway.url}/auth/login`, {
      method: 'POST',
      headers: { 'x-forwarded-for': forwardedFor, ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: { username, password },
    });
  const gatewayRecord = async (requestId: string) =>
    (
      await queryRows<{ client_address: string; forwarded_for: string }>(
        db,
        'select client_address, forwarded_for from audit_record where request_id = $1',
        [requestId],
      )
    )[0];

  it("records the trusted proxy's client, and the peer of anyone else whatever they claim", async () => {
    expect((await signIn(PROXY, '203.0.113.5', 'agent.wang', DEMO_PASSWORD, 'addr-proxied')).status).toBe(200);
    expect(await gatewayRecord('addr-proxied')).toEqual({
      client_address: '203.0.113.5',
      forwarded_for: '203.0.113.5',
    });
    expect((await signIn(STRANGER, '6.6.6.6', 'requester.li', DEMO_PASSWORD, 'addr-spoofed')).status).toBe(200);
    expect(await gatewayRecord('addr-spoofed')).toEqual({ client_address: STRANGER, forwarded_for: '6.6.6.6' });
  });

  it('counts failed sign-ins against the same address the audit trail records', async () => {
    // Behind the proxy, each client has its own budget of failures.
    for (let i = 0; i < 3; i++) expect((await signIn(PROXY, '203.0.113.5', `ghost.${i}`, 'x')).status).toBe(401);
    expect((await signIn(PROXY, '203.0.113.5', 'ghost.3', 'x')).body.code).toBe('rate_limit.exceeded');
    expect((await signIn(PROXY, '203.0.113.6', 'ghost.3', 'x')).body.code).toBe('auth.login.failed');
    // A stranger changing its X-Forwarded-For at every attempt is still one address.
    for (let i = 0; i < 3; i++) expect((await signIn(STRANGER, `6.6.6.${i}`, `ghost.${i}`, 'x')).status).toBe(401);
    expect((await signIn(STRANGER, '6.6.6.9', 'ghost.9', 'x')).body.code).toBe('rate_limit.exceeded');
  });

  it('tells the service the client the gateway derived, and a service believes only its proxy', async () => {
    const admin = await signIn(PROXY, '203.0.113.8', 'platform.admin', DEMO_PASSWORD);
    const authorization = `Bearer ${String(admin.body.accessToken)}`;
    const createDepartment = async (from: string, base: string, forwardedFor: string) => {
      const res = await httpFrom(from, `${base}/departments`, {
        method: 'POST',
        headers: { authorization, 'x-forwarded-for': forwardedFor },
        body: {
          code: `addr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
          kind: 'it',
          name: text('IT', '信息技术部'),
        },
      });
      expect(res.status).toBe(201);
      const history = await catalog.anonymous
        .get('/audit-records')
        .set('authorization', authorization)
        .query({ objectType: 'department', objectId: String(res.body.departmentId) })
        .expect(200);
      const [record] = history.body.items as { clientAddress: string; forwardedFor: string }[];
      return { clientAddress: record!.clientAddress, forwardedFor: record!.forwardedFor };
    };
    const viaGateway = `${gateway.url}/api/catalog`;
    // Through the gateway: the catalog records whom the gateway saw, never the caller's own chain.
    expect(await createDepartment(STRANGER, viaGateway, '6.6.6.6')).toEqual({
      clientAddress: STRANGER,
      forwardedFor: STRANGER,
    });
    expect(await createDepartment(PROXY, viaGateway, '6.6.6.6, 203.0.113.7')).toEqual({
      clientAddress: '203.0.113.7',
      forwardedFor: '203.0.113.7',
    });
    // Straight to the catalog from someone who is not its proxy: the peer, with the claim kept for the record only.
    expect(await createDepartment(STRANGER, catalogUrl, '6.6.6.6')).toEqual({
      clientAddress: STRANGER,
      forwardedFor: '6.6.6.6',
    });
  });
});
