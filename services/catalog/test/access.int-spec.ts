import { SigningKeyRing } from '@itsm/platform/auth';
import { CatalogUnderTest, fixtures, startCatalog } from './catalog-harness';

const PROBLEM = /^application\/problem\+json/;

/** Base64url JSON, for hand-made (forged) tokens. */
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The catalog verifies every token itself (signature against the issuer's JWKS fetched over HTTP,
 * algorithm, issuer, audience, expiry) and applies its role rules; nothing relies on the gateway.
 */
describe('catalog access (real token verification)', () => {
  let catalog: CatalogUnderTest;
  let departmentId: string;
  let teams: { south: string; east: string; pos: string };

  beforeAll(async () => {
    catalog = await startCatalog();
    departmentId = (await fixtures.department(catalog.http))['departmentId'] as string;
    const team = async (region: string) =>
      (await fixtures.team(catalog.http, departmentId, { regions: [region] }))['teamId'] as string;
    teams = { south: await team('cn-south'), east: await team('cn-east'), pos: await team('cn-south') };
  });

  afterAll(() => catalog?.close());

  const get = (path: string, token?: string) => {
    const req = catalog.anonymous.get(path);
    return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
  };

  it('sends security headers, also on problems', async () => {
    const res = await catalog.anonymous.get('/offerings');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.any(String),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a request without a token: 401 problem auth.token.missing', async () => {
    const res = await get('/offerings').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 401, code: 'auth.token.missing' });
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const other = await SigningKeyRing.generate();
    const token = await other.sign(
      { roles: ['platform-admin'], departments: [] },
      { issuer: catalog.issuer.issuer, audience: catalog.issuer.audience, subject: 'u-mallory', expiresInSeconds: 300 },
    );
    const res = await get('/offerings', token).expect(401);
    expect(res.body).toMatchObject({ code: 'auth.token.unknown_key' });
  });

  it('refuses an expired token', async () => {
    const token = await catalog.issuer.tokenFor({ roles: ['platform-admin'], expiresInSeconds: -60 });
    const res = await get('/offerings', token).expect(401);
    expect(res.body).toMatchObject({ code: 'auth.token.expired' });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const otherAudience = await catalog.issuer.tokenFor({ roles: ['platform-admin'], audience: 'billing' });
    expect((await get('/offerings', otherAudience).expect(401)).body).toMatchObject({
      code: 'auth.token.wrong_audience',
    });
    const otherIssuer = await catalog.issuer.tokenFor({ roles: ['platform-admin'], issuer: 'someone-else' });
    expect((await get('/offerings', otherIssuer).expect(401)).body).toMatchObject({ code: 'auth.token.wrong_issuer' });
  });

  it('refuses an unsigned token (alg: none) without echoing it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: catalog.issuer.issuer,
      aud: catalog.issuer.audience,
      sub: 'u-mallory',
      iat: now,
      exp: now + 300,
      roles: ['platform-admin'],
      departments: [],
    };
    const token = `${part({ alg: 'none', typ: 'at+jwt' })}.${part(claims)}.`;
    const res = await get('/offerings', token).expect(401);
    expect(res.body.code).toMatch(/^auth\.token\./);
    expect(JSON.stringify(res.body)).not.toContain(token.slice(0, 20));
  });

  it('lets a requester read but not write: 403 problem auth.role.forbidden', async () => {
    const token = await catalog.issuer.tokenFor({ subject: 'u-requester', roles: ['requester'] });
    await get('/offerings', token).expect(200);
    await get('/departments', token).expect(200);

    const created = await catalog.anonymous
      .post('/offerings')
      .set('authorization', `Bearer ${token}`)
      .send(fixtures.offeringInput(departmentId, teams))
      .expect(403);
    expect(created.headers['content-type']).toMatch(PROBLEM);
    expect(created.body).toMatchObject({ status: 403, code: 'auth.role.forbidden' });

    const department = await catalog.anonymous
      .post('/departments')
      .set('authorization', `Bearer ${token}`)
      .send({ code: `req-${Date.now().toString(36)}`, kind: 'it', name: { en: 'IT', 'zh-CN': '信息技术部' } })
      .expect(403);
    expect(department.body.code).toBe('auth.role.forbidden');
    await catalog.anonymous
      .patch(`/departments/${departmentId}`)
      .set('authorization', `Bearer ${token}`)
      .send({ archived: true })
      .expect(403);
    expect((await catalog.http.get(`/departments/${departmentId}`).expect(200)).body).toMatchObject({
      archived: false,
    });
  });

  it('lets a department admin write offerings', async () => {
    const department = (await catalog.http.get(`/departments/${departmentId}`).expect(200)).body as { code: string };
    const token = await catalog.issuer.tokenFor({
      subject: 'u-dept.admin',
      roles: ['department-admin'],
      departments: [department.code],
    });
    const created = await catalog.anonymous
      .post('/offerings')
      .set('authorization', `Bearer ${token}`)
      .send(fixtures.offeringInput(departmentId, teams))
      .expect(201);
    await catalog.anonymous
      .post(`/offerings/${created.body.offeringId}/publish`)
      .set('authorization', `Bearer ${token}`)
      .send({})
      .expect(200);
  });

  it('keeps a department admin to their own departments, and platform data to platform admins', async () => {
    const hr = (await fixtures.department(catalog.http, { kind: 'hr', name: { en: 'HR', 'zh-CN': '人力资源部' } })) as {
      departmentId: string;
      code: string;
    };
    const hrAdmin = await catalog.issuer.tokenFor({
      subject: 'u-hr.admin',
      roles: ['department-admin'],
      departments: [hr.code],
    });
    const as = (req: ReturnType<typeof catalog.anonymous.post>) => req.set('authorization', `Bearer ${hrAdmin}`);

    // Their own desk: a team and an offering of HR.
    const hrTeam = await as(catalog.anonymous.post('/teams'))
      .send({
        code: `hr-ops-${Date.now()}`,
        departmentId: hr.departmentId,
        name: { en: 'HR Ops', 'zh-CN': '人事运营' },
      })
      .expect(201);
    const hrOffering = fixtures.offeringInput(hr.departmentId, {
      south: hrTeam.body.teamId,
      east: hrTeam.body.teamId,
      pos: hrTeam.body.teamId,
    });
    await as(catalog.anonymous.post('/offerings')).send(hrOffering).expect(201);

    // IT's things are out of reach, including moving an HR offering into IT.
    const itOffering = await catalog.http
      .post('/offerings')
      .send(fixtures.offeringInput(departmentId, teams))
      .expect(201);
    const refused = await as(catalog.anonymous.post('/offerings'))
      .send(fixtures.offeringInput(departmentId, teams))
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'auth.department.forbidden' });
    await as(catalog.anonymous.post(`/offerings/${itOffering.body.offeringId}/publish`))
      .send({})
      .expect(403);
    await as(catalog.anonymous.patch(`/teams/${teams.pos}`))
      .send({ regions: ['cn-north'] })
      .expect(403);
    const mine = await as(catalog.anonymous.post('/offerings'))
      .send(
        fixtures.offeringInput(hr.departmentId, {
          south: hrTeam.body.teamId,
          east: hrTeam.body.teamId,
          pos: hrTeam.body.teamId,
        }),
      )
      .expect(201);
    await as(catalog.anonymous.patch(`/offerings/${mine.body.offeringId}/draft`))
      .send({ departmentId })
      .expect(403);

    // Business lines and services, and departments, are platform data.
    const line = await as(catalog.anonymous.post('/business-lines'))
      .send({ code: `retail-${Date.now()}`, name: { en: 'Retail', 'zh-CN': '零售' } })
      .expect(403);
    expect(line.body).toMatchObject({ code: 'auth.role.forbidden' });
    await as(catalog.anonymous.patch(`/departments/${hr.departmentId}`))
      .send({ archived: true })
      .expect(403);
  });

  it('serves health, metrics and the OpenAPI document without a token', async () => {
    await catalog.anonymous.get('/health/live').expect(200);
    await catalog.anonymous.get('/health/ready').expect(200);
    const metrics = await catalog.anonymous.get('/metrics').expect(200);
    expect(metrics.text).toContain('http_server_request_duration_seconds');
    const openapi = await catalog.anonymous.get('/openapi.json').expect(200);
    expect(openapi.body.paths).toHaveProperty(['/offerings']);
  });
});
