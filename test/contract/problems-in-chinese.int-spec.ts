import request from 'supertest';
import { createTestDatabase, type TestDatabase, withAuthorization } from '@itsm/platform/testing';
import { type CatalogUnderTest, fixtures, startCatalog } from '../../services/catalog/test/catalog-harness';
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { requestsSuite } from '../../services/requests/test/requests-harness';
import { freePort, type RunningGateway, startGateway } from '../gateway/support/gateway-under-test';

type Answer = { status: number; body: Record<string, unknown> };

/** A text a Chinese reader would get in English: ASCII only, with words in it. */
const ENGLISH_ONLY = /^[\x20-\x7e]*[A-Za-z]{3,}[\x20-\x7e]*$/;

/** Title, detail and every field message of a problem that are English only; empty when all of it is Chinese. */
function englishOnly({ body }: Answer): string[] {
  const fields = (Array.isArray(body['fields']) ? body['fields'] : []) as {
    path: string;
    message: string;
    messages: { 'zh-CN': string };
  }[];
  return [
    ['title', body['title']],
    ['detail', body['detail']],
    ...fields.flatMap((f) => [
      [`fields.${f.path}.message`, f.message],
      [`fields.${f.path}.messages.zh-CN`, f.messages['zh-CN']],
    ]),
  ]
    .filter(([, text]) => typeof text === 'string' && ENGLISH_ONLY.test(text))
    .map(([where, text]) => `${String(where)}: ${String(text)}`);
}

/** The status and code it answered, and what of it is not in Chinese (nothing, for a pass). */
const inChinese = (answer: Answer) => ({
  status: answer.status,
  code: answer.body['code'],
  english: englishOnly(answer),
});

const ZH = 'zh-CN,zh;q=0.9';

/**
 * Representative problems of every service, asked for in Chinese (`Accept-Language: zh-CN`): title,
 * detail and each field message come back in Chinese, whether the problem comes from the domain,
 * from zod (its own messages and the schemas' own), from Ajv on a form, from the framework (unknown
 * route, malformed JSON, oversized body) or from the gateway itself.
 */
describe('problems in Chinese', () => {
  describe('gateway and catalog', () => {
    let gatewayDb: TestDatabase;
    let gateway: RunningGateway;
    let catalog: CatalogUnderTest;
    let admin: ReturnType<typeof request>;
    let adminToken: string;
    let requester: ReturnType<typeof request>;

    beforeAll(async () => {
      const catalogPort = await freePort();
      gatewayDb = await createTestDatabase('zh_gateway');
      gateway = await startGateway(gatewayDb, {
        env: { CATALOG_URL: `http://127.0.0.1:${catalogPort}`, HTTP_BODY_LIMIT: '2kb' },
      });
      catalog = await startCatalog({
        AUTH_JWKS_URL: `${gateway.url}/.well-known/jwks.json`,
        AUTH_ISSUER: 'itsm-gateway',
        AUTH_AUDIENCE: 'itsm',
      });
      await catalog.app.listen(catalogPort, '127.0.0.1');
      const token = async (username: string) =>
        (await gateway.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body
          .accessToken as string;
      adminToken = await token('platform.admin');
      admin = withAuthorization(gateway.http, `Bearer ${adminToken}`);
      requester = withAuthorization(gateway.http, `Bearer ${await token('requester.li')}`);
    });

    afterAll(async () => {
      await gateway?.app.close();
      await catalog?.close();
      await gatewayDb?.drop();
    });

    it('answers every problem of the gateway itself in Chinese', async () => {
      const noService = await gateway.http.get('/api/no-such-service/things').set('Accept-Language', ZH);
      const wrongPassword = await gateway.http
        .post('/auth/login')
        .set('Accept-Language', ZH)
        .send({ username: 'requester.li', password: 'not-the-password' });
      const badLogin = await gateway.http
        .post('/auth/login')
        .set('Accept-Language', ZH)
        .send({ username: '', extra: 1 });
      const badKey = await admin
        .post('/api-keys')
        .set('Accept-Language', ZH)
        .send({ name: 'x', scopes: ['catalog:read', 'catalog:read', 'nope'], expiresAt: '2001-01-01T00:00:00Z' });
      const noToken = await gateway.http.get('/api-keys').set('Accept-Language', ZH);
      const notAdmin = await requester.get('/api-keys').set('Accept-Language', ZH);
      const unknownKey = await gateway.http
        .get('/api/catalog/offerings')
        .set('Accept-Language', ZH)
        .set('X-Api-Key', 'itsm_00000000-0000-7000-8000-000000000000_nope');
      const tooLarge = await admin
        .post('/api/catalog/departments')
        .set('Accept-Language', ZH)
        .send({ name: 'x'.repeat(4000) });
      expect(
        [noService, wrongPassword, badLogin, badKey, noToken, notAdmin, unknownKey, tooLarge].map(inChinese),
      ).toEqual([
        { status: 404, code: 'gateway.service.unknown', english: [] },
        { status: 401, code: 'auth.login.failed', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 401, code: 'auth.token.missing', english: [] },
        { status: 403, code: 'auth.role.forbidden', english: [] },
        { status: 401, code: 'auth.api_key.invalid', english: [] },
        { status: 413, code: 'http.payload_too_large', english: [] },
      ]);
    });

    it("answers the catalog's problems in Chinese, through the gateway", async () => {
      const department = await fixtures.department(
        withAuthorization(request(`${gateway.url}/api/catalog`), `Bearer ${adminToken}`),
      );
      const catalogAdmin = (path: string) => admin.get(`/api/catalog${path}`).set('Accept-Language', ZH);
      const answers = [
        await catalogAdmin('/offerings/not-a-uuid'),
        await catalogAdmin('/offerings/0196a7d5-0000-7000-8000-000000000000'),
        await catalogAdmin('/teams?limit=a-lot&region=Not_A_Slug'),
        await catalogAdmin('/no-such-route'),
        await admin
          .post('/api/catalog/teams')
          .set('Accept-Language', ZH)
          .send({
            code: '-Bad',
            departmentId: department['departmentId'],
            name: { en: 'a\u0000b', 'zh-CN': '' },
            members: [
              { userId: 'u', displayName: 'U', role: 'lead', email: 'li@store-.cn' },
              { userId: 'u', displayName: 'U', role: 'member' },
            ],
          }),
        await admin
          .post('/api/catalog/departments')
          .set('Accept-Language', ZH)
          .send({ code: department['code'], kind: 'it', name: { en: 'IT', 'zh-CN': '信息技术部' } }),
        await admin
          .patch(`/api/catalog/departments/${String(department['departmentId'])}`)
          .set('Accept-Language', ZH)
          .send({ name: { en: 'IT', 'zh-CN': '信息技术部' }, expectedVersion: 99 }),
        await admin
          .post('/api/catalog/departments')
          .set('Accept-Language', ZH)
          .set('content-type', 'application/json')
          .send('{"code":'),
        await requester
          .post('/api/catalog/departments')
          .set('Accept-Language', ZH)
          .send({ code: 'zh-dept', kind: 'it', name: { en: 'IT', 'zh-CN': '信息技术部' } }),
        await gateway.http.get('/api/catalog/offerings').set('Accept-Language', ZH),
        await admin.get('/api/catalog/audit-records?objectType=team').set('Accept-Language', ZH),
      ];
      expect(answers.map(inChinese)).toEqual([
        { status: 400, code: 'validation.failed', english: [] },
        { status: 404, code: 'catalog.offering.not_found', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 404, code: 'http.not_found', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 409, code: 'catalog.department.code_taken', english: [] },
        { status: 409, code: 'concurrency.version_mismatch', english: [] },
        { status: 400, code: 'http.malformed_json', english: [] },
        { status: 403, code: 'auth.role.forbidden', english: [] },
        { status: 401, code: 'auth.token.missing', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
      ]);
      // The same problems name the fields in both languages, whichever was asked for.
      const team = answers[4]!.body['fields'] as { path: string; messages: { en: string; 'zh-CN': string } }[];
      expect(team.map((f) => f.path)).toEqual(expect.arrayContaining(['code', 'name.en', 'name.zh-CN']));
      expect(team.find((f) => f.path === 'name.en')?.messages).toEqual({
        en: 'must not contain the NUL character (\\u0000)',
        'zh-CN': '不能包含 NUL 字符（\\u0000）',
      });
    });
  });

  describe('requests', () => {
    const suite = requestsSuite();
    const { world } = suite;
    const requester = suite.person('u-zh.requester', ['requester'], [world.departments.it.code]);
    const stranger = suite.person('u-zh.stranger', ['requester'], [world.departments.it.code]);

    it("answers the requests service's problems in Chinese", async () => {
      const submitted = await requester
        .post('/requests')
        .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' } })
        .expect(201);
      const id = submitted.body.requestId as string;
      const zh = (req: request.Test) => req.set('Accept-Language', ZH);
      const answers = [
        await zh(
          requester.post('/requests').send({
            offeringId: world.offerings.onboarding,
            formData: { employeeName: '', startDate: 'soon', unknownField: 1 },
          }),
        ),
        await zh(
          requester.post('/requests').send({ offeringId: '0196a7d5-0000-7000-8000-000000000000', formData: {} }),
        ),
        await zh(
          requester
            .post('/requests')
            .set('idempotency-key', 'not ok')
            .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' } }),
        ),
        await zh(requester.patch(`/requests/${id}`).send({})),
        await zh(stranger.get(`/requests/${id}`)),
        await zh(requester.get('/requests?status=lost&overdue=maybe')),
        await zh(requester.post(`/requests/${id}/close`)),
        await zh(requester.post(`/requests/${id}/reopen`).send({})),
      ];
      expect(answers.map(inChinese)).toEqual([
        { status: 400, code: 'requests.form.invalid', english: [] },
        { status: 404, code: expect.stringMatching(/not_found$/), english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 404, code: expect.stringMatching(/not_found$/), english: [] },
        { status: 400, code: 'validation.failed', english: [] },
        { status: 403, code: 'auth.role.forbidden', english: [] },
        { status: 409, code: 'state.transition_not_allowed', english: [] },
      ]);
    });
  });
});
