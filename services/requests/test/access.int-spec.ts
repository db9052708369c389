import { Http, PROBLEM_JSON, requestsSuite } from './requests-harness';

/**
 * Object-level access (issue 3): requesters see and change only their own requests (submitted,
 * on behalf of them, or watched); agents see their departments' requests; lists are filtered by
 * the same rule; another requester's request is a 404, agent endpoints a 403 for requesters.
 */
describe('requests access rules (real token verification)', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const alice = suite.person('u-alice', ['requester'], [world.departments.it.code]);
  const bob = suite.person('u-bob', ['requester'], [world.departments.it.code]);
  const itAgent = suite.person('u-it.agent', ['agent'], [world.departments.it.code]);
  const hrAgent = suite.person('u-hr.agent', ['agent'], [world.departments.hr.code]);
  let itRequestId: string;
  let hrRequestId: string;

  beforeAll(async () => {
    itRequestId = (
      await alice
        .post('/requests')
        .send({
          offeringId: world.offerings.storeOpening,
          formData: { storeName: '广州天河店', region: 'cn-south', openingDate: '2026-08-01' },
          watchers: ['u-walter'],
        })
        .expect(201)
    ).body.requestId;
    hrRequestId = (
      await alice
        .post('/requests')
        .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' } })
        .expect(201)
    ).body.requestId;
  });

  it('refuses callers without a token (401) and integration keys on these endpoints', async () => {
    const res = await suite.svc.anonymous.get('/requests').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.code).toBe('auth.token.missing');
    await suite.svc.anonymous
      .post('/requests')
      .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' } })
      .expect(401);

    // An integration's key reaches only what its scopes open, and sees only what it submitted.
    const bot = await suite.as('key:wecom-bot', []);
    const botToken = await suite.svc.issuer.tokenFor({
      subject: 'key:wecom-bot',
      roles: [],
      scopes: ['requests:write', 'requests:read'],
    });
    const withScopes = (req: ReturnType<Http['get']>) => req.set('authorization', `Bearer ${botToken}`);
    expect(
      (
        await bot
          .post('/requests')
          .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' } })
          .expect(403)
      ).body.code,
    ).toBe('auth.scope.forbidden');
    const submitted = await withScopes(suite.svc.anonymous.post('/requests'))
      .send({ offeringId: world.offerings.certificate, formData: { purpose: 'visa' }, onBehalfOf: 'u-dave' })
      .expect(201);
    expect(submitted.body).toMatchObject({ requesterId: 'key:wecom-bot', onBehalfOf: 'u-dave' });
    expect(
      (await withScopes(suite.svc.anonymous.get('/requests')).expect(200)).body.items.map(
        (r: { requestId: string }) => r.requestId,
      ),
    ).toEqual([submitted.body.requestId]);
    await withScopes(suite.svc.anonymous.get(`/requests/${itRequestId}`)).expect(404);
    expect(
      (
        await withScopes(suite.svc.anonymous.post(`/requests/${submitted.body.requestId}/cancel`))
          .send({})
          .expect(403)
      ).body.code,
    ).toBe('auth.scope.forbidden');
  });

  it("does not let requester B read, list, update, cancel or comment on A's request: 404, as if it did not exist", async () => {
    const read = await bob.get(`/requests/${itRequestId}`).expect(404);
    expect(read.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(read.body.code).toBe('requests.request.not_found');
    const missing = await bob.get('/requests/01960000-0000-7000-8000-00000000beef').expect(404);
    expect(missing.body.code).toBe(read.body.code);
    expect((await bob.get('/requests').expect(200)).body.items).toEqual([]);
    await bob
      .patch(`/requests/${itRequestId}`)
      .send({ watchers: ['u-bob'] })
      .expect(404);
    await bob.post(`/requests/${itRequestId}/cancel`).send({}).expect(404);
    await bob.post(`/requests/${itRequestId}/comments`).send({ body: 'let me in' }).expect(404);
    await bob.get(`/requests/${itRequestId}/comments`).expect(404);
    await bob.get(`/requests/${itRequestId}/timeline`).expect(404);
    await bob.get(`/requests/${itRequestId}/tasks`).expect(404);
    await bob.get(`/audit-records?objectType=request&objectId=${itRequestId}`).expect(404);
    // Still pending and uncommented.
    expect((await alice.get(`/requests/${itRequestId}`).expect(200)).body).toMatchObject({
      status: 'pending-approval',
      watchers: ['u-walter'],
    });
  });

  it('lists exactly what the requester may see, and filters on top of it', async () => {
    const mine = (await alice.get('/requests').expect(200)).body.items.map((r: { requestId: string }) => r.requestId);
    expect(mine.sort()).toEqual([itRequestId, hrRequestId].sort());
    const pending = (await alice.get('/requests?status=pending-approval').expect(200)).body.items.map(
      (r: { requestId: string }) => r.requestId,
    );
    expect(pending).toEqual([itRequestId]);
    const page = await alice.get('/requests?limit=1').expect(200);
    expect(page.body.items).toHaveLength(1);
    const next = await alice.get(`/requests?limit=1&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].requestId).not.toBe(page.body.items[0].requestId);
    expect((await alice.get('/requests?cursor=garbage').expect(400)).body.code).toBe('validation.failed');
  });

  it('lets a watcher see and comment, but not cancel', async () => {
    const walter = await suite.as('u-walter', ['requester']);
    await walter.get(`/requests/${itRequestId}`).expect(200);
    expect(
      (await walter.get('/requests').expect(200)).body.items.map((r: { requestId: string }) => r.requestId),
    ).toEqual([itRequestId]);
    const comment = await walter
      .post(`/requests/${itRequestId}/comments`)
      .send({ body: '门店网络需要双线路' })
      .expect(201);
    // Location names the comment, which its author can read there.
    expect(comment.headers.location).toBe(`/requests/${itRequestId}/comments/${comment.body.commentId}`);
    expect((await walter.get(comment.headers.location).expect(200)).body).toEqual(comment.body);
    expect((await walter.post(`/requests/${itRequestId}/cancel`).send({}).expect(403)).body.code).toBe(
      'requests.request.cancel_forbidden',
    );
  });

  it('lets the on-behalf-of person see the request', async () => {
    const res = await bob
      .post('/requests')
      .send({ offeringId: world.offerings.certificate, formData: { purpose: 'loan' }, onBehalfOf: 'u-carol' })
      .expect(201);
    const carol = await suite.as('u-carol', ['requester']);
    await carol.get(`/requests/${res.body.requestId}`).expect(200);
    await alice.get(`/requests/${res.body.requestId}`).expect(404);
  });

  it('keeps an HR agent away from IT requests, and an IT agent away from HR ones', async () => {
    await hrAgent.get(`/requests/${itRequestId}`).expect(404);
    await hrAgent.get(`/requests/${hrRequestId}`).expect(200);
    await itAgent.get(`/requests/${itRequestId}`).expect(200);
    await itAgent.get(`/requests/${hrRequestId}`).expect(404);
    const hrList = (await hrAgent.get('/requests').expect(200)).body.items.map(
      (r: { requestId: string }) => r.requestId,
    );
    expect(hrList).toContain(hrRequestId);
    expect(hrList).not.toContain(itRequestId);
    const itList = (await itAgent.get('/requests').expect(200)).body.items.map(
      (r: { requestId: string }) => r.requestId,
    );
    expect(itList).toContain(itRequestId);
    expect(itList).not.toContain(hrRequestId);
    // Tasks follow the same rule.
    const hrTask = (await hrAgent.get(`/requests/${hrRequestId}/tasks`).expect(200)).body.items[0];
    await itAgent.get(`/tasks/${hrTask.taskId}`).expect(404);
    await itAgent.post(`/tasks/${hrTask.taskId}/complete`).send({}).expect(404);
    expect(
      (await hrAgent.get('/tasks?assignedTo=my-teams').expect(200)).body.items.map((t: { taskId: string }) => t.taskId),
    ).toContain(hrTask.taskId);
    expect(
      (await itAgent.get('/tasks?assignedTo=my-teams').expect(200)).body.items.map((t: { taskId: string }) => t.taskId),
    ).not.toContain(hrTask.taskId);
  });

  it('refuses agent endpoints to requesters: 403 auth.role.forbidden', async () => {
    const hrTask = (await alice.get(`/requests/${hrRequestId}/tasks`).expect(200)).body.items[0];
    for (const call of [
      alice.post(`/requests/${hrRequestId}/close`).send(),
      alice.post(`/tasks/${hrTask.taskId}/complete`).send({}),
      alice.post(`/tasks/${hrTask.taskId}/assign`).send({ assignee: 'u-alice' }),
      alice.put(`/assignment-rules/${world.teams.hrOperations}`).send({ strategy: 'least-loaded' }),
    ]) {
      const res = await call.expect(403);
      expect(res.body.code).toBe('auth.role.forbidden');
    }
    expect((await alice.patch(`/requests/${itRequestId}`).send({ priority: 'critical' }).expect(403)).body.code).toBe(
      'requests.request.field_forbidden',
    );
    expect(
      (await alice.post(`/requests/${itRequestId}/comments`).send({ body: 'secret', internal: true }).expect(403)).body
        .code,
    ).toBe('requests.comment.internal_forbidden');
  });

  it('keeps internal notes among agents', async () => {
    const note = await itAgent
      .post(`/requests/${itRequestId}/comments`)
      .send({ body: '专线供应商延期', internal: true })
      .expect(201);
    await alice.get(`/audit-records?objectType=comment&objectId=${note.body.commentId}`).expect(404);
    expect(
      (await itAgent.get(`/audit-records?objectType=comment&objectId=${note.body.commentId}`).expect(200)).body.items,
    ).toHaveLength(1);
    await itAgent.patch(`/requests/${itRequestId}`).send({ priority: 'high' }).expect(200);
    const forAgent = (await itAgent.get(`/requests/${itRequestId}/comments`).expect(200)).body.items.map(
      (c: { body: string }) => c.body,
    );
    expect(forAgent).toEqual(['门店网络需要双线路', '专线供应商延期']);
    const forRequester = (await alice.get(`/requests/${itRequestId}/comments`).expect(200)).body.items.map(
      (c: { body: string }) => c.body,
    );
    expect(forRequester).toEqual(['门店网络需要双线路']);
    const timeline = (await alice.get(`/requests/${itRequestId}/timeline`).expect(200)).body.items.map(
      (e: { kind: string }) => e.kind,
    );
    expect(timeline.filter((k: string) => k === 'comment')).toHaveLength(1);
    expect(timeline).toContain('updated');
  });

  it('lets a department admin set how a team shares out tasks, only for their department', async () => {
    const itAdmin = await suite.as('u-it.admin', ['department-admin'], [world.departments.it.code]);
    expect(
      (
        await itAdmin
          .put(`/assignment-rules/${world.teams.hrOperations}`)
          .send({ strategy: 'least-loaded' })
          .expect(403)
      ).body.code,
    ).toBe('requests.assignment_rule.forbidden');
    await itAdmin.put(`/assignment-rules/${world.teams.identityAccess}`).send({ strategy: 'least-loaded' }).expect(200);
    expect((await itAgent.get(`/assignment-rules/${world.teams.identityAccess}`).expect(200)).body).toEqual({
      teamId: world.teams.identityAccess,
      strategy: 'least-loaded',
    });
  });

  it('shows a request’s audit trail to whoever may see the request', async () => {
    const records = (await alice.get(`/audit-records?objectType=request&objectId=${itRequestId}`).expect(200)).body
      .items as { action: string; actor: { subject: string } }[];
    expect(records.map((r) => r.action)).toEqual(
      expect.arrayContaining(['request.submitted', 'request.sent-for-approval', 'request.updated']),
    );
    expect(records.find((r) => r.action === 'request.submitted')?.actor.subject).toBe('u-alice');
  });
});
