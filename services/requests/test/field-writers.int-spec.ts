import { withAuthorization } from '@itsm/platform/testing';
import { Http, PROBLEM_JSON, requestsSuite } from './requests-harness';

/**
 * Who may set which field of a request (issue 10, item 7), every caller × field × phase against the
 * real service. The expectations are written out here rather than read from the service's table, so
 * a change to who may do what shows up as a failing test.
 */
describe('who may set which request field, at submission and afterwards', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const it_ = world.departments.it.code;
  const people = {
    requester: suite.person('u-fw.requester', ['requester']),
    beneficiary: suite.person('u-fw.beneficiary', ['requester']),
    watcher: suite.person('u-fw.watcher', ['requester']),
    otherDeskAgent: suite.person('u-fw.hr-agent', ['agent'], [world.departments.hr.code]),
    deskAgent: suite.person('u-fw.it-agent', ['agent'], [it_]),
    deskLead: suite.person('u-fw.it-lead', ['team-lead'], [it_]),
    deskAdmin: suite.person('u-fw.it-admin', ['department-admin'], [it_]),
    otherDeskAdmin: suite.person('u-fw.hr-admin', ['department-admin'], [world.departments.hr.code]),
    platformAdmin: suite.person('u-fw.platform-admin', ['platform-admin']),
  };
  type Caller = keyof typeof people | 'integration';
  let integration: Http;

  beforeAll(async () => {
    // An integration's API key as the gateway hands it on: `key:<id>`, no roles, its scopes.
    const token = await suite.svc.issuer.tokenFor({
      subject: 'key:fw-chatbot',
      scopes: ['requests:write', 'requests:read'],
      expiresInSeconds: 3600,
    });
    integration = withAuthorization(suite.svc.anonymous, `Bearer ${token}`);
  });

  const http = (caller: Caller): Http => (caller === 'integration' ? integration : people[caller]);

  const form = () => ({
    employeeName: '周婷',
    employeeId: 'E300001',
    startDate: '2027-09-01',
    workLocation: 'cn-south',
    managerEmail: 'zhang.wei@example.com',
  });
  const base = () => ({ offeringId: world.offerings.onboarding, formData: form() });

  // ------------------------------------------------------------------ at submission

  /** Each field given with a value other than its default, on top of the fields every submission has. */
  const submissionFields: Record<string, Record<string, unknown>> = {
    'offeringId + formData': {},
    offeringVersion: { offeringVersion: 1 },
    onBehalfOf: { onBehalfOf: 'u-fw.beneficiary' },
    watchers: { watchers: ['u-fw.watcher'] },
    priority: { priority: 'critical' },
  };

  /** How the created request shows each field. */
  const shownAs: Record<string, Record<string, unknown>> = {
    'offeringId + formData': { offering: { offeringId: world.offerings.onboarding }, formData: form() },
    offeringVersion: { offering: { version: 1 } },
    onBehalfOf: { onBehalfOf: 'u-fw.beneficiary' },
    watchers: { watchers: ['u-fw.watcher'] },
    priority: { priority: 'critical' },
  };

  /** Who may give each field at submission (IT offering: the IT desk is "the desk"). */
  const mayCreate: Record<string, Caller[]> = {
    'offeringId + formData': [
      'requester',
      'otherDeskAgent',
      'deskAgent',
      'deskLead',
      'deskAdmin',
      'otherDeskAdmin',
      'platformAdmin',
      'integration',
    ],
    offeringVersion: [
      'requester',
      'otherDeskAgent',
      'deskAgent',
      'deskLead',
      'deskAdmin',
      'otherDeskAdmin',
      'platformAdmin',
      'integration',
    ],
    onBehalfOf: [
      'requester',
      'otherDeskAgent',
      'deskAgent',
      'deskLead',
      'deskAdmin',
      'otherDeskAdmin',
      'platformAdmin',
      'integration',
    ],
    watchers: [
      'requester',
      'otherDeskAgent',
      'deskAgent',
      'deskLead',
      'deskAdmin',
      'otherDeskAdmin',
      'platformAdmin',
      'integration',
    ],
    priority: ['deskAgent', 'deskLead', 'deskAdmin', 'platformAdmin'],
  };

  const createCallers: Caller[] = [
    'requester',
    'otherDeskAgent',
    'deskAgent',
    'deskLead',
    'deskAdmin',
    'otherDeskAdmin',
    'platformAdmin',
    'integration',
  ];
  const createCases = Object.keys(submissionFields).flatMap((field) =>
    createCallers.map((caller) => [field, caller, mayCreate[field]!.includes(caller)] as const),
  );

  it.each(createCases)('POST /requests with %s as %s: allowed %s', async (field, caller, allowed) => {
    const res = await http(caller)
      .post('/requests')
      .send({ ...base(), ...submissionFields[field] });
    if (allowed) {
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject(shownAs[field]!);
      return;
    }
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      code: 'requests.request.field_forbidden',
      fields: [expect.objectContaining({ path: field, code: 'forbidden' })],
    });
  });

  it('takes a field given with the value it has anyway as not set, and names every forbidden field in both languages', async () => {
    await people.requester
      .post('/requests')
      .send({ ...base(), priority: 'medium', watchers: [] })
      .expect(201);
    const en = await people.requester
      .post('/requests')
      .send({ ...base(), priority: 'high' })
      .expect(403);
    expect(en.body).toMatchObject({ title: 'Not yours to set', detail: expect.stringContaining('priority') });
    expect(en.body.fields[0].messages).toEqual({
      en: expect.stringContaining('priority'),
      'zh-CN': expect.stringContaining('priority'),
    });
    const zh = await people.requester
      .post('/requests')
      .set('Accept-Language', 'zh-CN')
      .send({ ...base(), priority: 'high' })
      .expect(403);
    expect(zh.body).toMatchObject({ title: '无权设置该字段', detail: expect.stringContaining('提交时') });
    // Nothing was written by the refused submissions.
    const mine = (await people.requester.get('/requests?requester=me&limit=200').expect(200)).body.items as {
      priority: string;
    }[];
    expect(mine.every((r) => r.priority === 'medium')).toBe(true);
  });

  // ------------------------------------------------------------------ afterwards

  /** A fresh request of the requester's, for the beneficiary, watched by the watcher. */
  async function submitted(): Promise<string> {
    const res = await people.requester
      .post('/requests')
      .send({ ...base(), onBehalfOf: 'u-fw.beneficiary', watchers: ['u-fw.watcher'] })
      .expect(201);
    return res.body.requestId as string;
  }

  const changes: Record<
    string,
    (id: string, who: Http) => Promise<{ status: number; body: { code?: string; fields?: { path: string }[] } }>
  > = {
    watchers: (id, who) => who.patch(`/requests/${id}`).send({ watchers: ['u-fw.watcher', 'u-fw.someone-else'] }),
    priority: (id, who) => who.patch(`/requests/${id}`).send({ priority: 'high' }),
    keyDates: (id, who) => who.patch(`/requests/${id}/key-dates`).send({ dates: { startDate: '2027-09-15' } }),
  };

  /** What each caller gets for each change: allowed, a refused field, or refused before any field is looked at. */
  type Outcome = 200 | 'field_forbidden' | 'update_forbidden' | 'not_found' | 'scope_forbidden';
  const updateOutcomes: Record<Caller, Record<keyof typeof changes, Outcome>> = {
    requester: { watchers: 200, priority: 'field_forbidden', keyDates: 200 },
    beneficiary: { watchers: 200, priority: 'field_forbidden', keyDates: 200 },
    watcher: { watchers: 'update_forbidden', priority: 'update_forbidden', keyDates: 'update_forbidden' },
    otherDeskAgent: { watchers: 'not_found', priority: 'not_found', keyDates: 'not_found' },
    otherDeskAdmin: { watchers: 'not_found', priority: 'not_found', keyDates: 'not_found' },
    deskAgent: { watchers: 200, priority: 200, keyDates: 200 },
    deskLead: { watchers: 200, priority: 200, keyDates: 200 },
    deskAdmin: { watchers: 200, priority: 200, keyDates: 200 },
    platformAdmin: { watchers: 200, priority: 200, keyDates: 200 },
    integration: { watchers: 'scope_forbidden', priority: 'scope_forbidden', keyDates: 'scope_forbidden' },
  };
  const updateCases = Object.entries(updateOutcomes).flatMap(([caller, byField]) =>
    Object.entries(byField).map(([field, outcome]) => [field, caller as Caller, outcome] as const),
  );

  it.each(updateCases)('changing %s as %s: %s', async (field, caller, outcome) => {
    const id = await submitted();
    const res = await changes[field]!(id, http(caller));
    switch (outcome) {
      case 200:
        expect(res.status).toBe(200);
        return;
      case 'field_forbidden':
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          code: 'requests.request.field_forbidden',
          fields: [expect.objectContaining({ path: field })],
        });
        break;
      case 'update_forbidden':
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('requests.request.update_forbidden');
        break;
      case 'not_found':
        expect(res.status).toBe(404);
        break;
      case 'scope_forbidden':
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('auth.scope.forbidden');
        break;
    }
    // A refused change left the request as it was.
    const after = (await people.requester.get(`/requests/${id}`).expect(200)).body;
    expect(after).toMatchObject({
      priority: 'medium',
      watchers: ['u-fw.watcher'],
      businessContext: { keyDates: [{ field: 'startDate', date: '2027-09-01' }] },
    });
  });
});
