import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { LogCapture, queryRows, type RunningGateway, startGateway } from './support/gateway-under-test';

interface Row {
  action: string;
  object_type: string;
  object_id: string;
  actor_subject: string;
  actor_kind: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
  client_address: string | null;
}

/**
 * The gateway's own state changes (accounts, sign-ins, sessions) are audited in the transaction
 * that makes them, with the request they came from; records never hold a password, hash or token.
 */
describe('gateway identity audit trail (real Postgres)', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  const logs = new LogCapture();

  beforeAll(async () => {
    db = await createTestDatabase('gateway-audit');
    gateway = await startGateway(db, { logs, env: { LOGIN_MAX_FAILURES: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '100000' } });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const records = (where: string, params: unknown[]) =>
    queryRows<Row>(db, `select * from audit_record where ${where} order by id`, params);
  const userId = async (username: string) =>
    (await queryRows<{ id: string }>(db, 'select id from user_account where username = $1', [username]))[0]!.id;
  const login = (username: string, password: string, requestId: string) =>
    gateway.http.post('/auth/login').set('x-request-id', requestId).send({ username, password });

  it('records the demo accounts it created, without their password hashes', async () => {
    const created = await records("action = 'user.created'", []);
    expect(created.length).toBeGreaterThanOrEqual(9);
    expect(created.every((r) => r.actor_kind === 'service' && r.before === null)).toBe(true);
    expect(JSON.stringify(created)).not.toMatch(/argon2|passwordHash/);
  });

  it('records a sign-in, a refresh and a sign-out as the user, each with its request id', async () => {
    const id = await userId('agent.wang');
    const signedIn = await login('agent.wang', DEMO_PASSWORD, 'audit-login-1').expect(200);
    const refreshed = await gateway.http
      .post('/auth/refresh')
      .set('x-request-id', 'audit-refresh-1')
      .send({ refreshToken: signedIn.body.refreshToken })
      .expect(200);
    await gateway.http
      .post('/auth/logout')
      .set('x-request-id', 'audit-logout-1')
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(204);
    // Signing out again changes nothing and records nothing.
    await gateway.http
      .post('/auth/logout')
      .set('x-request-id', 'audit-logout-2')
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(204);

    const session = await records("object_type = 'session' and after->>'userId' = $1", [id]);
    expect(session.map((r) => [r.action, r.request_id, r.actor_subject])).toEqual([
      ['session.started', 'audit-login-1', id],
      ['session.refreshed', 'audit-refresh-1', id],
      ['session.ended', 'audit-logout-1', id],
    ]);
    expect(new Set(session.map((r) => r.object_id)).size).toBe(1);
    expect(session[0]!.client_address).toMatch(/127\.0\.0\.1/);
    const everything = JSON.stringify(await records('true', []));
    for (const secret of [
      signedIn.body.accessToken,
      signedIn.body.refreshToken,
      refreshed.body.refreshToken,
      DEMO_PASSWORD,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('records failed attempts and the lock as an anonymous caller; a refused attempt on a locked account changes nothing', async () => {
    const id = await userId('lead.zhao');
    for (const n of [1, 2]) await login('lead.zhao', 'wrong-password', `audit-fail-${n}`).expect(401);
    await login('lead.zhao', 'wrong-password', 'audit-fail-3').expect(429);
    await login('lead.zhao', DEMO_PASSWORD, 'audit-fail-4').expect(429);
    await login('nobody.here', 'whatever', 'audit-fail-5').expect(401);

    const account = await records("object_type = 'user' and object_id = $1 and action <> 'user.created'", [id]);
    expect(
      account.map((r) => [
        r.action,
        r.request_id,
        r.actor_kind,
        r.after?.['reason'],
        r.after?.['failedSignInsFromAddress'],
      ]),
    ).toEqual([
      ['user.sign-in-failed', 'audit-fail-1', 'anonymous', 'wrong-password', 1],
      ['user.sign-in-failed', 'audit-fail-2', 'anonymous', 'wrong-password', 2],
      ['user.locked', 'audit-fail-3', 'anonymous', 'wrong-password', 3],
    ]);
    expect(Date.parse(String(account[2]!.after?.['lockedUntil']))).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(account.every((r) => r.client_address === '127.0.0.1')).toBe(true);
    // An unknown name has no account to record it on: only the log names it, by digest.
    expect(await records("request_id in ('audit-fail-4', 'audit-fail-5')", [])).toEqual([]);
  });

  it('records the address the request came from, not one the caller claims in X-Forwarded-For', async () => {
    const id = await userId('cab.sun');
    // No TRUSTED_PROXIES: the caller is nobody's proxy, its X-Forwarded-For is only its word.
    await gateway.http
      .post('/auth/login')
      .set('x-request-id', 'audit-spoof-1')
      .set('x-forwarded-for', '6.6.6.6')
      .send({ username: 'cab.sun', password: DEMO_PASSWORD })
      .expect(200);
    await gateway.http
      .post('/auth/login')
      .set('x-request-id', 'audit-spoof-2')
      .set('x-forwarded-for', '6.6.6.6, 7.7.7.7')
      .send({ username: 'cab.sun', password: 'wrong' })
      .expect(401);
    const rows = await queryRows<Row & { forwarded_for: string | null }>(
      db,
      "select * from audit_record where request_id like 'audit-spoof-%' order by request_id",
    );
    expect(rows.map((r) => [r.action, r.client_address, r.forwarded_for])).toEqual([
      ['session.started', '127.0.0.1', '6.6.6.6'],
      ['user.sign-in-failed', '127.0.0.1', '6.6.6.6, 7.7.7.7'],
    ]);
    expect(rows[0]!.after?.['userId']).toBe(id);
  });

  it('revokes and records the whole session when a rotated refresh token is used again', async () => {
    const id = await userId('requester.li');
    const first = await login('requester.li', DEMO_PASSWORD, 'audit-reuse-0').expect(200);
    await gateway.http.post('/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    await gateway.http
      .post('/auth/refresh')
      .set('x-request-id', 'audit-reuse-1')
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    const [revoked] = await records("request_id = 'audit-reuse-1'", []);
    expect(revoked).toMatchObject({
      action: 'session.revoked',
      object_type: 'session',
      after: { userId: id, live: false, reason: 'refresh-token-reused' },
    });
    expect(logs.leaks([first.body.refreshToken, first.body.accessToken, DEMO_PASSWORD])).toEqual([]);
  });

  it('audits API key creation, rotation and revocation and serves the history to platform admins only', async () => {
    const admin = (await login('platform.admin', DEMO_PASSWORD, 'audit-keys-0').expect(200)).body.accessToken as string;
    const adminId = await userId('platform.admin');
    const created = await gateway.http
      .post('/api-keys')
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'Grafana prod', scopes: ['catalog:read'] })
      .expect(201);
    const keyId = created.body.id as string;
    const rotated = await gateway.http
      .post(`/api-keys/${keyId}/rotate`)
      .set('authorization', `Bearer ${admin}`)
      .send({ graceSeconds: 60 })
      .expect(200);
    await gateway.http.post(`/api-keys/${keyId}/revoke`).set('authorization', `Bearer ${admin}`).send({}).expect(200);

    const history = await gateway.http
      .get('/audit-records')
      .query({ objectType: 'api-key', objectId: keyId })
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(
      history.body.items.map((r: { action: string; actor: { subject: string } }) => [r.action, r.actor.subject]),
    ).toEqual([
      ['api-key.revoked', adminId],
      ['api-key.rotated', adminId],
      ['api-key.created', adminId],
    ]);
    expect(history.body.items[1]).toMatchObject({
      before: { version: 1 },
      after: { version: 2, formerVersionValidUntil: expect.any(String) },
    });
    const text = JSON.stringify(history.body);
    for (const secret of [created.body.key, rotated.body.key])
      expect(text).not.toContain(String(secret).split('_').slice(2).join('_'));

    // A requester may read their own account's history, not a key's; nobody reads it without a token.
    const requester = (await login('requester.li', DEMO_PASSWORD, 'audit-keys-1').expect(200)).body
      .accessToken as string;
    await gateway.http
      .get('/audit-records')
      .query({ objectType: 'api-key', objectId: keyId })
      .set('authorization', `Bearer ${requester}`)
      .expect(404);
    const own = await gateway.http
      .get('/audit-records')
      .query({ objectType: 'user', objectId: await userId('requester.li') })
      .set('authorization', `Bearer ${requester}`)
      .expect(200);
    expect(own.body.items.map((r: { action: string }) => r.action)).toContain('user.created');
    await gateway.http
      .get('/audit-records')
      .query({ actor: adminId })
      .set('authorization', `Bearer ${requester}`)
      .expect(403);
    await gateway.http.get('/audit-records').query({ actor: adminId }).expect(401);
  });
});
