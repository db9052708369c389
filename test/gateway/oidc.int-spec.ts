import { createHash, randomBytes } from 'node:crypto';
import { TokenVerifier } from '@itsm/platform/auth';
import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import {
  freePort,
  LogCapture,
  queryRows as query,
  type RunningGateway,
  startGateway,
} from './support/gateway-under-test';
import { authorizeAtProvider, OidcTestProvider } from './support/oidc-test-provider';

const PROBLEM = /^application\/problem\+json/;
const CLIENT_ID = 'itsm-gateway';
const CLIENT_SECRET = `client-secret-${randomBytes(16).toString('hex')}`;
const ROLE_MAPPING = {
  groupsClaim: 'groups',
  defaultRoles: ['requester'],
  groups: {
    'itsm-it-agents': { roles: ['agent'], departments: ['it'] },
    'itsm-hr-agents': { roles: ['agent'], departments: ['hr'] },
    'itsm-it-leads': { roles: ['team-lead'], departments: ['it'] },
    'itsm-platform-admins': { roles: ['platform-admin'] },
  },
};
/** Zhang Wei: an IT agent in the company directory. */
const ZHANG = {
  sub: 'e2b7c9d0-zhang',
  claims: {
    name: 'Zhang Wei',
    preferred_username: 'Zhang.Wei',
    email: 'zhang.wei@heyue.example',
    email_verified: true,
    groups: ['itsm-it-agents', 'staff'],
  },
};
/** Someone whose directory name is the same as a local demo account's. */
const NAMESAKE = {
  sub: 'f00d-namesake',
  claims: { name: 'Wang Wei (HR)', preferred_username: 'agent.wang', groups: ['itsm-hr-agents'] },
};
const PLAIN = { sub: 'plain-user-7', claims: { name: 'Liu Yang', email: 'liu.yang@heyue.example' } };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const base64urlSha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const withoutOccurrence = ({ correlationId: _r, instance: _i, ...rest }: Record<string, unknown>) => rest;

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  roles: string[];
  departments: string[];
}

describe('gateway OIDC sign-in against a real provider (oidc-provider)', () => {
  let db: TestDatabase;
  let provider: OidcTestProvider;
  let gateway: RunningGateway;
  let redirectUri: string;
  /** The callback of a second gateway, registered as a public client (no secret, PKCE alone). */
  let publicRedirectUri: string;
  let publicPort: number;
  let verifier: TokenVerifier;
  const logs = new LogCapture();
  /** Everything that must never reach a log line. */
  const secrets = new Set<string>([CLIENT_SECRET, DEMO_PASSWORD]);

  /** GET /auth/oidc/login: the 302 to the provider. */
  const beginLogin = async (returnTo?: string) => {
    const res = await gateway.http.get('/auth/oidc/login').query(returnTo === undefined ? {} : { returnTo });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    const state = location.searchParams.get('state') ?? '';
    const [attempt] = await query<{ code_verifier: string; nonce: string }>(
      db,
      'select code_verifier, nonce from oidc_login_attempt where state_hash = $1',
      [sha256(state)],
    );
    if (attempt) secrets.add(attempt.code_verifier);
    return { res, location, state };
  };
  /** Through the provider's login and consent, up to its redirect back to the gateway (not followed yet). */
  const throughProvider = async (login: string, options: { returnTo?: string; decline?: boolean } = {}) => {
    const { location } = await beginLogin(options.returnTo);
    const callback = await authorizeAtProvider(provider, location.href, { login, decline: options.decline });
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    const code = callback.searchParams.get('code');
    if (code) secrets.add(code);
    return callback;
  };
  /** The browser arriving back at the gateway. */
  const callbackAt = async (callback: URL) => {
    const res = await gateway.http.get(`${callback.pathname}${callback.search}`);
    if (res.status === 200) {
      secrets.add(res.body.accessToken);
      secrets.add(res.body.refreshToken);
    }
    return res;
  };
  const signIn = async (login: string, returnTo?: string) => {
    const res = await callbackAt(await throughProvider(login, { returnTo }));
    expect(res.status).toBe(200);
    return res;
  };
  const accountOf = async (sub: string) =>
    (await query<AccountRow>(db, 'select * from user_account where oidc_subject = $1', [sub]))[0];

  beforeAll(async () => {
    db = await createTestDatabase('gateway_oidc');
    // The provider must know the gateway's callback before the gateway starts, so its port comes first.
    const port = await freePort();
    redirectUri = `http://127.0.0.1:${port}/auth/oidc/callback`;
    publicPort = await freePort();
    publicRedirectUri = `http://127.0.0.1:${publicPort}/auth/oidc/callback`;
    provider = await OidcTestProvider.start({
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
        {
          client_id: 'itsm-gateway-public',
          redirect_uris: [publicRedirectUri],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      accounts: { [ZHANG.sub]: ZHANG.claims, [NAMESAKE.sub]: NAMESAKE.claims, [PLAIN.sub]: PLAIN.claims },
    });
    gateway = await startGateway(db, {
      logs,
      port,
      env: {
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URI: redirectUri,
        OIDC_SCOPES: 'openid profile email groups',
        OIDC_ROLE_MAPPING: JSON.stringify(ROLE_MAPPING),
        // Every sign-in here comes from one address, far more often than the per-address limit on /auth/*.
        RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
      },
    });
    verifier = new TokenVerifier({
      issuer: 'itsm-gateway',
      audience: 'itsm',
      jwks: new URL(`${gateway.url}/.well-known/jwks.json`),
    });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await provider?.stop();
    await db?.drop();
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, keeping the pending sign-in on the server', async () => {
    const { res, location, state } = await beginLogin('/requests/42?tab=tasks');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(location.origin).toBe(provider.issuer);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      scope: 'openid profile email groups',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });

    const attempts = await query<{
      state_hash: string;
      code_verifier: string;
      nonce: string;
      return_to: string;
      expires_at: Date;
    }>(db, 'select * from oidc_login_attempt where state_hash = $1', [sha256(state)]);
    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(base64urlSha256(attempt.code_verifier)).toBe(params.code_challenge);
    expect(attempt).toMatchObject({ nonce: params.nonce, return_to: '/requests/42?tab=tasks' });
    expect(attempt.expires_at.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(attempt.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(JSON.stringify(await query(db, 'select * from oidc_login_attempt'))).not.toContain(state);
  });

  it('creates the account at the first sign-in, from the claims and the role mapping, and answers the same session tokens as a password sign-in', async () => {
    expect(await accountOf(ZHANG.sub)).toBeUndefined();
    const callback = await throughProvider(ZHANG.sub, { returnTo: '/requests/42' });
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
    const res = await callbackAt(callback);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refreshExpiresIn: 14 * 24 * 60 * 60,
      returnTo: '/requests/42',
    });

    const account = await accountOf(ZHANG.sub);
    expect(account).toMatchObject({
      username: 'zhang.wei',
      display_name: 'Zhang Wei',
      email: 'zhang.wei@heyue.example',
      password_hash: null,
      oidc_issuer: provider.issuer,
      roles: ['requester', 'agent'],
      departments: ['it'],
    });
    // A service verifying the token itself sees the mapped roles and departments.
    await expect(verifier.verify(res.body.accessToken)).resolves.toMatchObject({
      subject: account.id,
      roles: ['requester', 'agent'],
      departments: ['it'],
    });
    // The pending sign-in is gone.
    expect(
      await query(db, 'select state_hash from oidc_login_attempt where state_hash = $1', [
        sha256(callback.searchParams.get('state') ?? ''),
      ]),
    ).toEqual([]);

    // Refresh and logout work as for a local account.
    const refreshed = await gateway.http.post('/auth/refresh').send({ refreshToken: res.body.refreshToken });
    expect(refreshed.status).toBe(200);
    secrets.add(refreshed.body.accessToken);
    secrets.add(refreshed.body.refreshToken);
    await expect(verifier.verify(refreshed.body.accessToken)).resolves.toMatchObject({
      subject: account.id,
      roles: ['requester', 'agent'],
    });
    await gateway.http.post('/auth/logout').send({ refreshToken: refreshed.body.refreshToken }).expect(204);
    expect((await gateway.http.post('/auth/refresh').send({ refreshToken: refreshed.body.refreshToken })).status).toBe(
      401,
    );
  });

  it('brings name, roles and departments up to date at the next sign-in; a session refreshed afterwards carries them too', async () => {
    const before = await accountOf(ZHANG.sub);
    const earlier = await signIn(ZHANG.sub);

    await provider.setAccount(ZHANG.sub, {
      ...ZHANG.claims,
      name: 'Zhang Wei (HR lead)',
      groups: ['itsm-hr-agents', 'itsm-it-leads'],
    });
    const res = await signIn(ZHANG.sub);
    expect(res.body).not.toHaveProperty('returnTo');
    await expect(verifier.verify(res.body.accessToken)).resolves.toMatchObject({
      subject: before.id,
      roles: ['requester', 'agent', 'team-lead'],
      departments: ['hr', 'it'],
    });
    const after = await accountOf(ZHANG.sub);
    expect(after).toMatchObject({
      id: before.id,
      username: 'zhang.wei',
      display_name: 'Zhang Wei (HR lead)',
      roles: ['requester', 'agent', 'team-lead'],
    });
    expect(await query(db, 'select count(*)::int as n from user_account where oidc_subject = $1', [ZHANG.sub])).toEqual(
      [{ n: 1 }],
    );

    // The session of the earlier sign-in reads the account at its next refresh.
    const refreshed = await gateway.http.post('/auth/refresh').send({ refreshToken: earlier.body.refreshToken });
    expect(refreshed.status).toBe(200);
    secrets.add(refreshed.body.accessToken);
    secrets.add(refreshed.body.refreshToken);
    await expect(verifier.verify(refreshed.body.accessToken)).resolves.toMatchObject({
      roles: ['requester', 'agent', 'team-lead'],
      departments: ['hr', 'it'],
    });

    // Out of every mapped group: the defaults only.
    await provider.setAccount(ZHANG.sub, { ...ZHANG.claims, groups: ['staff'] });
    const demoted = await signIn(ZHANG.sub);
    await expect(verifier.verify(demoted.body.accessToken)).resolves.toMatchObject({
      subject: before.id,
      roles: ['requester'],
      departments: [],
    });

    // The audit trail tells the account's story: created once, then each change of roles, as the person signing in.
    const changes = await query<{
      action: string;
      actor_subject: string;
      before: { roles: string[] } | null;
      after: { roles: string[] };
    }>(
      db,
      "select action, actor_subject, before, after from audit_record where object_type = 'user' and object_id = $1 order by id",
      [before.id],
    );
    expect(changes.map((c) => [c.action, c.actor_subject, c.before?.roles ?? null, c.after.roles])).toEqual([
      ['user.created', before.id, null, before.roles],
      ['user.updated', before.id, before.roles, ['requester', 'agent', 'team-lead']],
      ['user.updated', before.id, ['requester', 'agent', 'team-lead'], ['requester']],
    ]);
    const sessions = await query<{ n: number }>(
      db,
      "select count(*)::int as n from audit_record where action = 'session.started' and after->>'userId' = $1 and after->>'method' = 'oidc'",
      [before.id],
    );
    expect(sessions[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('never merges an OIDC identity with the local account of the same name', async () => {
    const [local] = await query<AccountRow>(db, "select * from user_account where username = 'agent.wang'");
    const res = await signIn(NAMESAKE.sub);
    const namesake = await accountOf(NAMESAKE.sub);
    expect(namesake.id).not.toBe(local.id);
    expect(namesake.username).toMatch(/^agent\.wang#[0-9a-f]{8}$/);
    await expect(verifier.verify(res.body.accessToken)).resolves.toMatchObject({
      subject: namesake.id,
      roles: ['requester', 'agent'],
      departments: ['hr'],
    });

    // The local account is untouched and still signs in with its password, with its own roles.
    expect(
      await query(
        db,
        "select password_hash, roles, departments, oidc_subject from user_account where username = 'agent.wang'",
      ),
    ).toEqual([{ password_hash: local.password_hash, roles: ['agent'], departments: ['it'], oidc_subject: null }]);
    const password = await gateway.http.post('/auth/login').send({ username: 'agent.wang', password: DEMO_PASSWORD });
    expect(password.status).toBe(200);
    secrets.add(password.body.accessToken);
    secrets.add(password.body.refreshToken);
    await expect(verifier.verify(password.body.accessToken)).resolves.toMatchObject({
      subject: local.id,
      roles: ['agent'],
      departments: ['it'],
    });

    // Without preferred_username the e-mail address names the account.
    await signIn(PLAIN.sub);
    expect(await accountOf(PLAIN.sub)).toMatchObject({
      username: 'liu.yang@heyue.example',
      display_name: 'Liu Yang',
      roles: ['requester'],
      departments: [],
    });
  });

  it('refuses a password sign-in to an OIDC account, answering as for an unknown user, lock included', async () => {
    const refused = await gateway.http
      .post('/auth/login')
      .send({ username: 'zhang.wei', password: 'any-password-at-all' });
    const unknown = await gateway.http
      .post('/auth/login')
      .send({ username: 'nobody.here', password: 'any-password-at-all' });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(refused.body).toMatchObject({ code: 'auth.login.failed' });
    expect(withoutOccurrence(refused.body)).toEqual(withoutOccurrence(unknown.body));
    // Counted like any name, so the name's password sign-in locks as an unknown one would...
    for (let i = 0; i < 4; i++)
      await gateway.http.post('/auth/login').send({ username: 'zhang.wei', password: `guess-${i}` });
    expect((await gateway.http.post('/auth/login').send({ username: 'zhang.wei', password: 'guess' })).body.code).toBe(
      'auth.login.locked',
    );
    // ...while the person still signs in through the provider: the lock is on password sign-in only.
    await signIn(ZHANG.sub);
  });

  it('refuses a disabled account with 403 auth.oidc.account_disabled', async () => {
    await query(db, 'update user_account set disabled = true where oidc_subject = $1', [PLAIN.sub]);
    try {
      const res = await callbackAt(await throughProvider(PLAIN.sub));
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 403, code: 'auth.oidc.account_disabled' });
      expect(res.body).not.toHaveProperty('accessToken');
    } finally {
      await query(db, 'update user_account set disabled = false where oidc_subject = $1', [PLAIN.sub]);
    }
  });

  it('refuses a tampered, missing, replayed or expired state with 400 auth.oidc.state_invalid', async () => {
    const callback = await throughProvider(ZHANG.sub);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', randomBytes(32).toString('base64url'));
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    for (const url of [tampered, missing]) {
      const res = await callbackAt(url);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 400, code: 'auth.oidc.state_invalid' });
      expect(res.body.instance).toBe('/auth/oidc/callback');
    }
    // Neither took the real one, which signs in once and only once.
    expect((await callbackAt(callback)).status).toBe(200);
    const replayed = await callbackAt(callback);
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ code: 'auth.oidc.state_invalid' });

    const late = await throughProvider(ZHANG.sub);
    await query(db, "update oidc_login_attempt set expires_at = now() - interval '1 second' where state_hash = $1", [
      sha256(late.searchParams.get('state') ?? ''),
    ]);
    expect((await callbackAt(late)).body).toMatchObject({ status: 400, code: 'auth.oidc.state_invalid' });
  });

  it('answers 401 auth.oidc.denied with the provider error when the person declines at the provider', async () => {
    const callback = await throughProvider(PLAIN.sub, { decline: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await callbackAt(callback);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 401, code: 'auth.oidc.denied', providerError: 'access_denied' });
    expect(res.body).not.toHaveProperty('accessToken');
    // The state was used up by the refusal.
    expect((await callbackAt(callback)).body).toMatchObject({ code: 'auth.oidc.state_invalid' });
  });

  it('answers 401 auth.oidc.failed when the code, the PKCE verifier or the ID token nonce does not check out', async () => {
    const sessionsBefore = await query(db, 'select count(*)::int as n from refresh_token');
    const stateOf = (url: URL) => sha256(url.searchParams.get('state') ?? '');

    const forgedCode = await throughProvider(ZHANG.sub);
    forgedCode.searchParams.set('code', randomBytes(32).toString('base64url'));

    // Someone who intercepted the code lacks the verifier: the provider refuses the exchange.
    const wrongVerifier = await throughProvider(ZHANG.sub);
    await query(db, 'update oidc_login_attempt set code_verifier = $2 where state_hash = $1', [
      stateOf(wrongVerifier),
      randomBytes(32).toString('base64url'),
    ]);

    // An ID token minted for another sign-in: openid-client refuses its nonce.
    const wrongNonce = await throughProvider(ZHANG.sub);
    await query(db, 'update oidc_login_attempt set nonce = $2 where state_hash = $1', [
      stateOf(wrongNonce),
      randomBytes(32).toString('base64url'),
    ]);

    for (const callback of [forgedCode, wrongVerifier, wrongNonce]) {
      const res = await callbackAt(callback);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 401, code: 'auth.oidc.failed' });
    }
    expect(await query(db, 'select count(*)::int as n from refresh_token')).toEqual(sessionsBefore);
  });

  it('takes returnTo only as a path on this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const res = await gateway.http.get('/auth/oidc/login').query({ returnTo });
      expect({
        returnTo,
        status: res.status,
        code: res.body.code,
        fields: res.body.fields?.map((f: { path: string }) => f.path),
      }).toEqual({
        returnTo,
        status: 400,
        code: 'validation.failed',
        fields: ['returnTo'],
      });
    }
  });

  it('answers 404 auth.oidc.not_configured without OIDC_ISSUER_URL, and 503 auth.oidc.unavailable when the provider cannot be reached', async () => {
    const off = await startGateway(db);
    const unreachable = await startGateway(db, {
      env: {
        OIDC_ISSUER_URL: `http://127.0.0.1:${await freePort()}`,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_REDIRECT_URI: redirectUri,
      },
    });
    try {
      for (const path of ['/auth/oidc/login', '/auth/oidc/callback?code=x&state=y']) {
        const res = await off.http.get(path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'auth.oidc.not_configured',
        });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      const down = await unreachable.http.get('/auth/oidc/login');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'auth.oidc.unavailable' });
    } finally {
      await unreachable.app.close();
      await off.app.close();
    }
  });

  it('signs in as a public client too: no client secret, PKCE alone', async () => {
    const gatewayOfPublicClient = await startGateway(db, {
      port: publicPort,
      env: {
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: 'itsm-gateway-public',
        OIDC_REDIRECT_URI: publicRedirectUri,
        RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
      },
    });
    try {
      const start = await gatewayOfPublicClient.http.get('/auth/oidc/login').expect(302);
      expect(new URL(start.headers.location).searchParams.get('client_id')).toBe('itsm-gateway-public');
      const callback = await authorizeAtProvider(provider, start.headers.location, { login: PLAIN.sub });
      const res = await gatewayOfPublicClient.http.get(`${callback.pathname}${callback.search}`);
      expect(res.status).toBe(200);
      // The default mapping: a requester. The same person, the same account as through the other client.
      await expect(verifier.verify(res.body.accessToken)).resolves.toMatchObject({
        subject: (await accountOf(PLAIN.sub)).id,
        roles: ['requester'],
        departments: [],
      });
    } finally {
      await gatewayOfPublicClient.app.close();
    }
  });

  it('never writes a code, token, PKCE verifier or the client secret to the log; sign-ins are logged by account, issuer and subject', async () => {
    expect(logs.lines().length).toBeGreaterThan(20);
    expect(secrets.size).toBeGreaterThan(30);
    expect(logs.leaks(secrets)).toEqual([]);
    const entries = logs.entries();
    const zhang = await accountOf(ZHANG.sub);
    expect(entries).toContainEqual(
      expect.objectContaining({
        msg: 'OIDC sign-in succeeded: account created',
        userId: zhang.id,
        issuer: provider.issuer,
        subject: ZHANG.sub,
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'OIDC sign-in refused by the provider', providerError: 'access_denied' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        msg: 'OIDC sign-in failed: code exchange or ID token refused',
        reason: expect.objectContaining({ oauthError: 'invalid_grant' }),
      }),
    );
    // The callback's access-log line shows the path, not the query.
    const callbacks = entries.filter(
      (e) =>
        e.msg === 'request completed' && String((e.req as { url?: string })?.url).startsWith('/auth/oidc/callback'),
    );
    expect(callbacks.length).toBeGreaterThan(5);
    for (const entry of callbacks) expect((entry.req as { url: string }).url).toBe('/auth/oidc/callback');
  });
});
