import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { decodeProtectedHeader, type JWK } from 'jose';
import { Client } from 'pg';
import request from 'supertest';
import { watchGateway } from './support/gateway-under-test';
import { TokenVerifier } from '@itsm/platform/auth';
import { loadConfig } from '@itsm/platform/config';
import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import { createGatewayApp } from '../../services/gateway/src/bootstrap';
import { gatewayEnv } from '../../services/gateway/src/config';
import { DEMO_PASSWORD, DEMO_USERS } from '../../services/gateway/src/identity/demo-users';
import { ExpiredTokenPurge } from '../../services/gateway/src/identity/expired-token-purge';
import { PasswordHasher } from '../../services/gateway/src/identity/password-hasher';
import { SigningKeys } from '../../services/gateway/src/signing-key/signing-keys';

const PROBLEM = /^application\/problem\+json/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISSUER = 'itsm-gateway';
const AUDIENCE = 'itsm';

/** Every line the gateway logs, as the process would write it to stdout. */
class LogCapture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }
  lines(): string[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  }
  entries(): Record<string, unknown>[] {
    return this.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

interface RunningGateway {
  app: INestApplication;
  url: string;
  http: ReturnType<typeof request>;
}

/** The gateway on a real port (services fetch its JWKS over HTTP); the catalog URL points nowhere. */
async function startGateway(
  db: TestDatabase,
  logs?: LogCapture,
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const config = loadConfig(gatewayEnv, {
    DATABASE_URL: db.url,
    CATALOG_URL: 'http://127.0.0.1:9',
    GATEWAY_DEMO_USERS: 'true',
    LOG_LEVEL: logs ? 'debug' : 'silent',
    ...env,
  });
  const app = await createGatewayApp(config, { logDestination: logs });
  await app.listen(0, '127.0.0.1');
  const url = watchGateway(app);
  return { app, url, http: request(url) };
}

/** A verifier as a service builds it: the gateway's JWKS fetched over HTTP. Fresh each time (no key cache). */
function serviceVerifier(gateway: RunningGateway): TokenVerifier {
  return new TokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: new URL(`${gateway.url}/.well-known/jwks.json`),
  });
}

async function refusalCode(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('the token was accepted');
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
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe('gateway local accounts', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  const logs = new LogCapture();
  /** Everything that must never reach a log line: passwords tried, tokens handed out, password hashes. */
  const secrets = new Set<string>([DEMO_PASSWORD]);

  const login = async (username: string, password: string) => {
    secrets.add(password);
    const res = await gateway.http.post('/auth/login').send({ username, password });
    if (res.status === 200) {
      secrets.add(res.body.accessToken);
      secrets.add(res.body.refreshToken);
    }
    return res;
  };
  const refresh = async (refreshToken: string) => {
    const res = await gateway.http.post('/auth/refresh').send({ refreshToken });
    if (res.status === 200) {
      secrets.add(res.body.accessToken);
      secrets.add(res.body.refreshToken);
    }
    return res;
  };
  const userId = async (username: string) =>
    (await query<{ id: string }>(db, 'select id from user_account where username = $1', [username]))[0].id;
  const failureCounts = () =>
    query<{ key: string; points: number }>(
      db,
      'select key, points from sign_in_failure where expire > $1 order by key',
      [Date.now()],
    );
  /** As if LOGIN_LOCKOUT_MINUTES had passed: every count and lock runs out. */
  const expireFailures = () => query(db, 'update sign_in_failure set expire = $1', [Date.now() - 1000]);

  beforeAll(async () => {
    db = await createTestDatabase('gateway_identity');
    gateway = await startGateway(db, logs);
  });

  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  it('creates the demo accounts once, with Argon2id hashes (OWASP minimum parameters)', async () => {
    const accounts = await query<{ username: string; roles: string[]; departments: string[]; password_hash: string }>(
      db,
      'select username, roles, departments, password_hash from user_account order by username',
    );
    expect(accounts.map((a) => a.username)).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect(accounts.find((a) => a.username === 'hr.agent.zhou')).toMatchObject({
      roles: ['agent'],
      departments: ['hr'],
    });
    expect(accounts.find((a) => a.username === 'platform.admin')).toMatchObject({
      roles: ['platform-admin'],
      departments: [],
    });
    for (const account of accounts) {
      expect(account.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      secrets.add(account.password_hash);
    }
    expect(new Set(accounts.map((a) => a.password_hash)).size).toBe(accounts.length); // one salt each
  });

  it('signs in: a short-lived access token that verifies against the JWKS served over HTTP, and a refresh token', async () => {
    const res = await login('agent.wang', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshExpiresIn: 14 * 24 * 60 * 60,
    });

    const jwks = await gateway.http.get('/.well-known/jwks.json').expect(200);
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: kidOf(res.body.accessToken),
    });
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d":/);

    const principal = await serviceVerifier(gateway).verify(res.body.accessToken);
    expect(principal).toMatchObject({
      subject: await userId('agent.wang'),
      roles: ['agent'],
      departments: ['it'],
      scopes: [],
    });
    expect(principal.subject).toMatch(UUID);
    const wrongAudience = new TokenVerifier({
      issuer: ISSUER,
      audience: 'itsm-other',
      jwks: new URL(`${gateway.url}/.well-known/jwks.json`),
    });
    expect(await refusalCode(wrongAudience, res.body.accessToken)).toBe('auth.token.wrong_audience');
  });

  it('takes the username case-insensitively', async () => {
    const res = await login('  Platform.Admin ', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    await expect(serviceVerifier(gateway).verify(res.body.accessToken)).resolves.toMatchObject({
      roles: ['platform-admin'],
      departments: [],
    });
  });

  it('stores refresh tokens only as their SHA-256', async () => {
    const res = await login('cab.sun', DEMO_PASSWORD);
    const rows = await query<{ token_hash: string }>(db, 'select token_hash from refresh_token');
    expect(rows.map((r) => r.token_hash)).toContain(sha256(res.body.refreshToken));
    expect(JSON.stringify(rows)).not.toContain(res.body.refreshToken);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await login('requester.li', 'not-the-password-1');
    const unknown = await login('nobody.here', 'not-the-password-2');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['retry-after']).toBeUndefined();
    }
    expect(wrong.body).toMatchObject({ status: 401, code: 'auth.login.failed' });
    expect(withoutOccurrence(wrong.body)).toEqual(withoutOccurrence(unknown.body));
    // Both names' failures were counted; the next success forgets this address's failures on the name.
    expect(await failureCounts()).toEqual(
      expect.arrayContaining([
        { key: expect.stringMatching(/^address:/), points: 1 },
        { key: expect.stringMatching(/^username:/), points: 1 },
      ]),
    );
    const before = (await failureCounts()).length;
    await login('requester.li', DEMO_PASSWORD).then((r) => expect(r.status).toBe(200));
    expect(await failureCounts()).toHaveLength(before - 1);
    // Names are kept as digests only.
    expect(JSON.stringify(await failureCounts())).not.toMatch(/requester|nobody/);
  });

  it('locks an account for 15 minutes after 5 failures: 429 with Retry-After, even for the right password', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      const res = await login('hr.agent.zhou', `wrong-password-${attempt}`);
      expect({ attempt, status: res.status, code: res.body.code }).toEqual({
        attempt,
        status: 401,
        code: 'auth.login.failed',
      });
    }
    const fifth = await login('hr.agent.zhou', 'wrong-password-5');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers['retry-after'])).toBe(900);

    const right = await login('hr.agent.zhou', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers['content-type']).toMatch(PROBLEM);
    expect(right.body).toMatchObject({ status: 429, code: 'auth.login.locked', retryAfterSeconds: expect.any(Number) });
    expect(right.body).not.toHaveProperty('accessToken');
    const retryAfter = Number(right.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(right.body.retryAfterSeconds).toBe(retryAfter);

    // Once the lock has passed, the right password signs in.
    await expireFailures();
    expect((await login('hr.agent.zhou', DEMO_PASSWORD)).status).toBe(200);
  });

  it('locks a user name that no account has exactly like a real one: same answers, same lock', async () => {
    const answers = async (username: string) => {
      const all = [];
      for (let attempt = 1; attempt <= 6; attempt++) all.push(await login(username, `wrong-password-${attempt}`));
      all.push(await login(username, DEMO_PASSWORD));
      return all.map((res) => ({
        status: res.status,
        retryAfter: res.headers['retry-after'],
        body: withoutOccurrence(res.body),
      }));
    };
    const real = await answers('change.chen');
    const unknown = await answers('no.such.person');
    expect(real.map((a) => [a.status, a.body.code])).toEqual([
      ...Array(4).fill([401, 'auth.login.failed']),
      ...Array(3).fill([429, 'auth.login.locked']),
    ]);
    // Nothing tells the two apart: not the status, not the problem, not Retry-After (to the second, give or take a tick).
    for (const [i, a] of real.entries()) {
      const b = unknown[i]!;
      expect({ i, status: b.status, code: b.body.code, title: b.body.title }).toEqual({
        i,
        status: a.status,
        code: a.body.code,
        title: a.body.title,
      });
      expect(Math.abs(Number(b.retryAfter ?? 0) - Number(a.retryAfter ?? 0))).toBeLessThanOrEqual(2);
    }
    expect(Number(unknown[4]!.retryAfter)).toBe(900);
    await expireFailures();
  });

  it('counts concurrent failures one by one: 12 attempts at once, the 5th locks, none slips through', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('facilities.agent.wu', `parallel-wrong-${i}`)),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(4).fill(401), ...Array(8).fill(429)]);
    expect((await login('facilities.agent.wu', DEMO_PASSWORD)).status).toBe(429);
  });

  it('refuses bad input with 400 problems, without a 500', async () => {
    const missing = await gateway.http.post('/auth/login').send({ username: 'agent.wang' }).expect(400);
    expect(missing.body).toMatchObject({ code: 'validation.failed', fields: [{ path: 'password' }] });
    secrets.add('hunter2-in-broken-json');
    const malformed = await gateway.http
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"username":"agent.wang","password":"hunter2-in-broken-json"');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(PROBLEM);
    await gateway.http.post('/auth/login').set('content-type', 'text/plain').send('agent.wang:pw').expect(400);
    await gateway.http.post('/auth/refresh').send({}).expect(400);
    const huge = await gateway.http.post('/auth/login').send({ username: 'agent.wang', password: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it('rotates the refresh token; reusing a rotated one revokes the whole session', async () => {
    const first = await login('lead.zhao', DEMO_PASSWORD);
    const r1 = first.body.refreshToken as string;

    const second = await refresh(r1);
    expect(second.status).toBe(200);
    expect(second.headers['cache-control']).toBe('no-store');
    const r2 = second.body.refreshToken as string;
    expect(r2).not.toBe(r1);
    await expect(serviceVerifier(gateway).verify(second.body.accessToken)).resolves.toMatchObject({
      roles: ['team-lead'],
      departments: ['it'],
    });

    const rows = await query<{
      id: string;
      token_hash: string;
      family_id: string;
      revoked_at: Date | null;
      replaced_by: string | null;
    }>(db, 'select id, token_hash, family_id, revoked_at, replaced_by from refresh_token where token_hash = any($1)', [
      [sha256(r1), sha256(r2)],
    ]);
    const old = rows.find((r) => r.token_hash === sha256(r1));
    const current = rows.find((r) => r.token_hash === sha256(r2));
    expect(old).toMatchObject({
      revoked_at: expect.any(Date),
      replaced_by: current?.id,
      family_id: current?.family_id,
    });
    expect(current).toMatchObject({ revoked_at: null, replaced_by: null });

    // Someone kept a copy of r1: refused, and r2 (held by whoever refreshed) dies with it.
    const reuse = await refresh(r1);
    expect(reuse.status).toBe(401);
    expect(reuse.headers['content-type']).toMatch(PROBLEM);
    expect(reuse.body).toMatchObject({ code: 'auth.refresh.invalid' });
    expect((await refresh(r2)).body).toMatchObject({ status: 401, code: 'auth.refresh.invalid' });
    const family = await query<{ revoked_at: Date | null }>(
      db,
      'select revoked_at from refresh_token where family_id = $1',
      [current?.family_id],
    );
    expect(family.every((r) => r.revoked_at !== null)).toBe(true);

    // Another sign-in of the same person is another session, untouched.
    const other = await login('lead.zhao', DEMO_PASSWORD);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
    expect((await refresh('not-a-refresh-token')).status).toBe(401);
  });

  it('logs out: the session is revoked, and logout answers 204 whatever it is given', async () => {
    const kept = await login('change.chen', DEMO_PASSWORD);
    const ended = await login('change.chen', DEMO_PASSWORD);
    const rotated = await refresh(ended.body.refreshToken);

    await gateway.http.post('/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
    expect((await refresh(ended.body.refreshToken)).status).toBe(401);
    await gateway.http.post('/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
    await gateway.http.post('/auth/logout').send({ refreshToken: 'never-issued' }).expect(204);

    expect((await refresh(kept.body.refreshToken)).status).toBe(200);
  });

  it('refuses a disabled account like a wrong password, and ends its sessions at the next refresh', async () => {
    const session = await login('admin.it', DEMO_PASSWORD);
    await query(db, 'update user_account set disabled = true where username = $1', ['admin.it']);
    const refused = await login('admin.it', DEMO_PASSWORD);
    const unknown = await login('nobody.at.all', DEMO_PASSWORD);
    expect(refused.status).toBe(401);
    expect(withoutOccurrence(refused.body)).toEqual(withoutOccurrence(unknown.body));
    expect((await refresh(session.body.refreshToken)).status).toBe(401);
  });

  it('purges refresh tokens a day after they expired', async () => {
    const session = await login('requester.li', DEMO_PASSWORD);
    const hash = sha256(session.body.refreshToken);
    await query(db, "update refresh_token set expires_at = now() - interval '2 days' where token_hash = $1", [hash]);
    expect(await gateway.app.get(ExpiredTokenPurge).run()).toBe(1);
    expect(await query(db, 'select id from refresh_token where token_hash = $1', [hash])).toEqual([]);
    expect((await refresh(session.body.refreshToken)).status).toBe(401);
  });

  it('never writes a password, token, refresh token or password hash to the log', async () => {
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(20);
    expect(secrets.size).toBeGreaterThan(30);
    for (const secret of secrets) {
      const leaking = lines.filter((line) => line.includes(secret));
      expect({ secret: `${secret.slice(0, 6)}…`, leaking }).toEqual({ secret: `${secret.slice(0, 6)}…`, leaking: [] });
    }
    // A failure names the account by id, an unknown username by a digest only.
    const entries = logs.entries();
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'sign-in failed: wrong password', userId: await userId('requester.li') }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        msg: 'sign-in failed: no such account',
        usernameDigest: expect.stringMatching(/^[0-9a-f]{16}$/),
      }),
    );
    expect(lines.some((line) => line.includes('nobody.here'))).toBe(false);
    // The access log shows the request, not its body.
    const access = entries.find(
      (e) => e.msg === 'request completed' && (e.req as { url?: string })?.url === '/auth/login',
    );
    expect(access).toBeDefined();
    expect(JSON.stringify(access)).not.toContain('password');
  });
});

describe('gateway signing keys', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let replica: RunningGateway | undefined;

  const accessToken = async (target: RunningGateway = gateway) => {
    const res = await target.http
      .post('/auth/login')
      .send({ username: 'agent.wang', password: DEMO_PASSWORD })
      .expect(200);
    return res.body.accessToken as string;
  };
  const publishedKids = async (target: RunningGateway) => {
    const res = await target.http.get('/.well-known/jwks.json').expect(200);
    return (res.body.keys as JWK[]).map((k) => k.kid).sort();
  };
  const keysOf = (target: RunningGateway) => target.app.get(SigningKeys);

  beforeAll(async () => {
    db = await createTestDatabase('gateway_keys');
    gateway = await startGateway(db);
  });

  afterAll(async () => {
    await replica?.app.close();
    await gateway?.app.close();
    await db?.drop();
  });

  it('rotates without downtime: the new key is published first, old tokens keep verifying, then the old key retires', async () => {
    const before = await accessToken();
    const k1 = kidOf(before);
    expect(await publishedKids(gateway)).toEqual([k1]);

    const k2 = await keysOf(gateway).rotate();
    expect(k2).not.toBe(k1);
    expect(await publishedKids(gateway)).toEqual([k1, k2].sort());
    await expect(serviceVerifier(gateway).verify(before)).resolves.toMatchObject({ roles: ['agent'] });
    // Published, but not signing yet: services get to see it before the first token carrying it.
    expect(kidOf(await accessToken())).toBe(k1);

    // Two minutes on, it signs; tokens of both keys verify.
    await keysOf(gateway).reload(new Date(Date.now() + 3 * 60_000));
    const after = await accessToken();
    expect(kidOf(after)).toBe(k2);
    const verifier = serviceVerifier(gateway);
    await expect(verifier.verify(before)).resolves.toBeDefined();
    await expect(verifier.verify(after)).resolves.toMatchObject({ roles: ['agent'], departments: ['it'] });

    // Once every token k1 signed has expired, k1 is retired and no longer published.
    const { rotated, retired } = await keysOf(gateway).maintain(new Date(Date.now() + 60 * 60_000));
    expect({ rotated, retired }).toEqual({ rotated: undefined, retired: [k1] });
    expect(await publishedKids(gateway)).toEqual([k2]);
    expect(await refusalCode(serviceVerifier(gateway), before)).toBe('auth.token.unknown_key');
    await expect(serviceVerifier(gateway).verify(after)).resolves.toBeDefined();
    expect(
      await query(db, 'select kid, retired_at is not null as retired from signing_key order by created_at'),
    ).toEqual([
      { kid: k1, retired: true },
      { kid: k2, retired: false },
    ]);
  });

  it('shares keys between replicas: a second gateway on the same database publishes the same JWKS', async () => {
    replica = await startGateway(db);
    expect(await publishedKids(replica)).toEqual(await publishedKids(gateway));
    // Its tokens verify against the first one's JWKS, and the reverse.
    await expect(serviceVerifier(gateway).verify(await accessToken(replica))).resolves.toBeDefined();
    await expect(serviceVerifier(replica).verify(await accessToken(gateway))).resolves.toBeDefined();
    // The demo accounts were not created twice.
    expect(await query(db, 'select count(*)::int as n from user_account')).toEqual([{ n: DEMO_USERS.length }]);
  });

  it('rotates by itself once the current key is KEY_ROTATION_DAYS old, and replicas pick the new key up on reload', async () => {
    const { rotated, retired } = await keysOf(gateway).maintain(new Date(Date.now() + 31 * 24 * 60 * 60_000));
    expect(rotated).toEqual(expect.any(String));
    expect(retired).toEqual([]);
    expect(await publishedKids(gateway)).toContain(rotated);
    expect(await publishedKids(replica!)).not.toContain(rotated);
    await keysOf(replica!).reload();
    expect(await publishedKids(replica!)).toEqual(await publishedKids(gateway));
    // No private key material in what is served.
    const served = await gateway.http.get('/.well-known/jwks.json');
    expect(JSON.stringify(served.body)).not.toMatch(/"d":/);
  });
});

describe('gateway demo accounts', () => {
  let db: TestDatabase;
  const running: RunningGateway[] = [];
  const start = async (demoUsers: 'true' | 'false') => {
    const gateway = await startGateway(db, undefined, { GATEWAY_DEMO_USERS: demoUsers });
    running.push(gateway);
    return gateway;
  };
  const signIn = (gateway: RunningGateway, username: string, password = DEMO_PASSWORD) =>
    gateway.http.post('/auth/login').send({ username, password });

  beforeAll(async () => {
    db = await createTestDatabase('gateway_demo_accounts');
  });

  afterAll(async () => {
    for (const gateway of running) await gateway.app.close();
    await db?.drop();
  });

  it('exist only while GATEWAY_DEMO_USERS asks for them: left-over ones with the published password are disabled', async () => {
    const demo = await start('true');
    await signIn(demo, 'platform.admin').expect(200);
    // One of them got a password of its own: a real account from now on.
    await query(db, 'update user_account set password_hash = $1 where username = $2', [
      await new PasswordHasher().hash('a-password-of-her-own'),
      'requester.li',
    ]);
    await demo.app.close();

    // The same database behind a gateway that did not ask for them (e.g. `HOST=0.0.0.0 ./itsm run`).
    const exposed = await start('false');
    expect((await signIn(exposed, 'platform.admin')).body).toMatchObject({ status: 401, code: 'auth.login.failed' });
    expect((await signIn(exposed, 'agent.wang')).status).toBe(401);
    await signIn(exposed, 'requester.li', 'a-password-of-her-own').expect(200);
    const disabled = await query<{ username: string }>(
      db,
      "select u.username from audit_record r join user_account u on u.id::text = r.object_id where r.action = 'user.disabled' and r.actor_kind = 'service' order by u.username",
    );
    expect(disabled.map((r) => r.username)).toEqual(
      DEMO_USERS.map((u) => u.username)
        .filter((u) => u !== 'requester.li')
        .sort(),
    );
    await exposed.app.close();

    // Asked for again: back, without creating anything twice.
    const again = await start('true');
    await signIn(again, 'platform.admin').expect(200);
    expect(await query(db, 'select count(*)::int as n from user_account')).toEqual([{ n: DEMO_USERS.length }]);
  });
});
