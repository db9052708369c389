import {
  APPROVED_THEN_FULFILLED,
  BLOCKED_TASK_COMPLETED,
  dataOf,
  requestsSuite,
  tasksByKey,
  typesFor,
} from './requests-harness';

/**
 * The request's life over HTTP: approvals (named approver, region lead, role stage with admin
 * override, delegation, quorum), the task plan's fan-out with dependencies, completion with
 * outputs, failure and retry, fulfilment, and the state machine's 409s; and what reached Kafka.
 */
describe('request lifecycle: approvals, tasks, state machine (real Postgres and Kafka)', () => {
  const suite = requestsSuite({ readTopics: true });
  const { world, reader } = suite;
  const requester = suite.person('u-li.na', ['requester'], [world.departments.it.code]);
  const itAgent = suite.person('u-wang.lei', ['agent'], [world.departments.it.code]);
  const itAdmin = suite.person('u-ma.qiang', ['department-admin'], [world.departments.it.code]);

  const tasksOf = (requestId: string) => tasksByKey(requester, requestId);
  const approvalsOf = async (requestId: string) =>
    (await requester.get(`/requests/${requestId}/approvals`).expect(200)).body.items as {
      approvalId: string;
      stageKey: string;
      status: string;
      approver: Record<string, string>;
    }[];

  it('onboarding: the hiring manager approves, the account task opens first, then five tasks in parallel, and the request is fulfilled', async () => {
    const submitted = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.onboarding,
        formData: {
          employeeName: '王芳',
          employeeId: 'E202417',
          startDate: '2026-04-01',
          workLocation: 'cn-south',
          managerEmail: 'Zhang.Wei@example.com',
        },
      })
      .expect(201);
    const id = submitted.body.requestId as string;
    const [approval] = await approvalsOf(id);

    // Someone else cannot decide it; the named manager can (user ids compare without case).
    const stranger = await suite.as('u-stranger', ['requester']);
    await stranger.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(404);
    const refused = await itAgent.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(403);
    expect(refused.body.code).toBe('requests.approval.not_approver');
    const manager = await suite.as('zhang.wei@example.com', ['requester']);
    const waiting = await manager.get('/approvals?assignedTo=me').expect(200);
    expect(waiting.body.items.map((a: { approvalId: string }) => a.approvalId)).toContain(approval.approvalId);
    expect((await manager.get(`/requests/${id}`).expect(200)).body.status).toBe('pending-approval');

    const decided = await manager
      .post(`/requests/${id}/approvals/${approval.approvalId}/approve`)
      .send({ reason: '欢迎新同事' })
      .expect(200);
    expect(decided.body).toMatchObject({ status: 'approved', decidedBy: 'zhang.wei@example.com', override: false });
    const again = await manager.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(409);
    expect(again.body.code).toBe('requests.approval.already_decided');

    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('in-fulfilment');
    let tasks = await tasksOf(id);
    expect(Object.keys(tasks).sort()).toEqual([
      'accounts',
      'business-access',
      'collaboration-tools',
      'laptop',
      'mailbox',
      'vpn',
    ]);
    expect(tasks['accounts']).toMatchObject({
      status: 'open',
      teamId: world.teams.identityAccess,
      assignee: world.members[world.teams.identityAccess][0],
    });
    for (const key of ['mailbox', 'vpn', 'collaboration-tools', 'business-access', 'laptop'])
      expect(tasks[key]).toMatchObject({ status: 'blocked', assignee: null });

    // A blocked task cannot be completed; the open one is, with outputs; twice is a 409.
    const blocked = await itAgent.post(`/tasks/${tasks['laptop'].taskId}/complete`).send({}).expect(409);
    expect(blocked.body).toMatchObject({
      code: 'requests.task.transition_not_allowed',
      from: 'blocked',
      allowed: ['open', 'skipped', 'cancelled'],
    });
    const completed = await itAgent
      .post(`/tasks/${tasks['accounts'].taskId}/complete`)
      .send({
        checklist: [
          { item: 'Directory account created', done: true },
          { item: 'SSO and MFA enrolled', done: true },
        ],
        fields: { account: 'wang.fang' },
        note: 'MFA via the app',
      })
      .expect(200);
    expect(completed.body.outputs).toEqual({
      checklist: [
        { item: 'Directory account created', done: true },
        { item: 'SSO and MFA enrolled', done: true },
      ],
      fields: { account: 'wang.fang' },
      note: 'MFA via the app',
    });
    const twice = await itAgent.post(`/tasks/${tasks['accounts'].taskId}/complete`).send({}).expect(409);
    expect(twice.body).toMatchObject({
      code: 'requests.task.transition_not_allowed',
      from: 'done',
      to: 'done',
      allowed: ['open'],
    });

    tasks = await tasksOf(id);
    for (const key of ['mailbox', 'vpn', 'collaboration-tools', 'business-access', 'laptop'])
      expect(tasks[key]).toMatchObject({ status: 'open', assignee: expect.any(String) });
    // Round robin within the collaboration team: mailbox and collaboration tools go to different members.
    expect(new Set([tasks['mailbox'].assignee, tasks['collaboration-tools'].assignee]).size).toBe(2);

    await itAgent.post(`/tasks/${tasks['vpn'].taskId}/skip`).send({ reason: 'no VPN asked for' }).expect(200);
    for (const key of ['mailbox', 'collaboration-tools', 'business-access'])
      await itAgent.post(`/tasks/${tasks[key].taskId}/complete`).send({}).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('in-fulfilment');
    await itAgent
      .post(`/tasks/${tasks['laptop'].taskId}/complete`)
      .send({
        checklist: [
          { item: 'Imaged', done: true },
          { item: 'Delivered', done: true },
        ],
      })
      .expect(200);
    const fulfilled = (await requester.get(`/requests/${id}`).expect(200)).body;
    expect(fulfilled).toMatchObject({
      status: 'fulfilled',
      outcome: 'fulfilled',
      allowedTransitions: ['closed', 'in-fulfilment'],
    });

    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.fulfilled.v1'));
    expect(typesFor(reader, id)).toEqual(APPROVED_THEN_FULFILLED);
    expect(dataOf(reader, id, 'itsm.requests.request.fulfilled.v1')[0]).toMatchObject({
      status: 'fulfilled',
      previousStatus: 'in-fulfilment',
      onTime: true,
    });
    await reader.waitFor(() => typesFor(reader, tasks['laptop'].taskId).includes('itsm.requests.task.completed.v1'));
    expect(typesFor(reader, tasks['laptop'].taskId)).toEqual(BLOCKED_TASK_COMPLETED);
    expect(dataOf(reader, approval.approvalId, 'itsm.requests.approval.decided.v1')[0]).toMatchObject({
      decision: 'approved',
      stageOutcome: 'passed',
      decidedBy: 'zhang.wei@example.com',
    });

    // The state machine over HTTP: no cancelling a fulfilled request; requesters do not close.
    const cancel = await requester.post(`/requests/${id}/cancel`).send({}).expect(409);
    expect(cancel.body).toMatchObject({
      code: 'state.transition_not_allowed',
      from: 'fulfilled',
      to: 'cancelled',
      allowed: ['closed', 'in-fulfilment'],
    });
    expect((await requester.post(`/requests/${id}/close`).send().expect(403)).body.code).toBe('auth.role.forbidden');
    expect((await itAgent.post(`/requests/${id}/close`).send().expect(200)).body).toMatchObject({
      status: 'closed',
      outcome: 'fulfilled',
    });
    const reopened = await requester
      .post(`/requests/${id}/reopen`)
      .send({ reason: 'laptop has no VPN client' })
      .expect(200);
    expect(reopened.body).toMatchObject({ status: 'in-fulfilment', reopenCount: 1, outcome: null, closedAt: null });
    await itAgent
      .post(`/tasks/${tasks['laptop'].taskId}/reopen`)
      .send({ reason: 'install the VPN client' })
      .expect(200);
    await itAgent
      .post(`/tasks/${tasks['laptop'].taskId}/complete`)
      .send({
        checklist: [
          { item: 'Imaged', done: true },
          { item: 'Delivered', done: true },
        ],
      })
      .expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('fulfilled');

    // The timeline tells all of it, oldest first.
    const timeline = (await requester.get(`/requests/${id}/timeline`).expect(200)).body.items as {
      kind: string;
      summary: { en: string; 'zh-CN': string };
      data: Record<string, unknown>;
    }[];
    const kinds = timeline.map((e) => e.kind);
    expect(kinds.slice(0, 6)).toEqual([
      'submitted',
      'sent-for-approval',
      'approval-requested',
      'approval-decided',
      'approved',
      'fulfilment-started',
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'task-created',
        'task-completed',
        'task-skipped',
        'task-opened',
        'fulfilled',
        'closed',
        'reopened',
        'task-reopened',
      ]),
    );
    expect(kinds[kinds.length - 1]).toBe('fulfilled');
    const accountsDone = timeline.find((e) => e.kind === 'task-completed' && e.data['key'] === 'accounts');
    expect(accountsDone?.data['outputs']).toMatchObject({ fields: { account: 'wang.fang' } });
    expect(accountsDone?.summary['zh-CN']).toContain('开通域账号');
  });

  it('store opening: the region’s store-operations lead approves and the network task goes to the region’s team', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.storeOpening,
        formData: { storeName: '北京望京店', region: 'cn-north', openingDate: '2026-05-20' },
      })
      .expect(201);
    const id = res.body.requestId;
    expect(res.body.businessContext).toMatchObject({
      region: 'cn-north',
      keyDates: [{ field: 'openingDate', date: '2026-05-20' }],
    });
    const [approval] = await approvalsOf(id);
    expect(approval.approver).toEqual({ kind: 'user', userId: 'u-cao.lixin' });
    const lead = await suite.as('u-cao.lixin', ['team-lead'], [world.departments.it.code]);
    await lead.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(200);
    const tasks = await tasksOf(id);
    expect(tasks['network-line']).toMatchObject({
      status: 'open',
      teamId: world.teams.networkNorth,
      assignee: 'u-gao.jianguo',
    });
    expect(tasks['pos']).toMatchObject({ status: 'blocked', teamId: world.teams.storeItNorth });
    expect(tasks['handover']).toMatchObject({ status: 'blocked', teamId: world.teams.serviceDesk });
  });

  it('partner onboarding rejected at the security stage ends with no tasks', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.partner,
        formData: { partnerName: '顺达物流', accessChannel: 'api', managerEmail: 'zhang.wei@example.com' },
      })
      .expect(201);
    const id = res.body.requestId;
    const manager = await suite.as('zhang.wei@example.com', ['requester']);
    const [first] = await approvalsOf(id);
    await manager.post(`/requests/${id}/approvals/${first.approvalId}/approve`).send({}).expect(200);
    const security = (await approvalsOf(id)).find((a) => a.stageKey === 'security')!;
    expect(security).toMatchObject({
      status: 'pending',
      approver: { kind: 'role', role: 'security-officer', departmentId: world.departments.it.id },
    });
    // Nobody's token carries the business role; the IT department admin decides in its place.
    expect(
      (await itAgent.post(`/requests/${id}/approvals/${security.approvalId}/reject`).send({ reason: 'x' }).expect(403))
        .body.code,
    ).toBe('requests.approval.not_approver');
    expect(
      (await itAdmin.post(`/requests/${id}/approvals/${security.approvalId}/reject`).send({}).expect(400)).body.code,
    ).toBe('validation.failed');
    const rejected = await itAdmin
      .post(`/requests/${id}/approvals/${security.approvalId}/reject`)
      .send({ reason: '接口权限过大 / API scope too broad' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', override: true, decidedBy: 'u-ma.qiang' });

    expect((await requester.get(`/requests/${id}`).expect(200)).body).toMatchObject({
      status: 'rejected',
      outcome: 'rejected',
      allowedTransitions: ['closed'],
    });
    expect(Object.keys(await tasksOf(id))).toEqual([]);
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.rejected.v1'));
    expect(dataOf(reader, id, 'itsm.requests.request.rejected.v1')[0]).toMatchObject({
      stageKey: 'security',
      reason: '接口权限过大 / API scope too broad',
      previousStatus: 'pending-approval',
    });
    expect(typesFor(reader, id)).not.toContain('itsm.requests.request.fulfilment-started.v1');
    // Rejected is final: no reopening, only closing.
    expect((await requester.post(`/requests/${id}/reopen`).send({}).expect(409)).body).toMatchObject({
      allowed: ['closed'],
    });
  });

  it('delegation hands a pending approval to someone else, who decides it', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.storeOpening,
        formData: { storeName: '深圳海岸城店', region: 'cn-south', openingDate: '2026-06-01' },
      })
      .expect(201);
    const id = res.body.requestId;
    const [approval] = await approvalsOf(id);
    expect(approval.approver).toEqual({ kind: 'user', userId: 'u-liang.jiahao' });
    const lead = await suite.as('u-liang.jiahao', ['team-lead'], [world.departments.it.code]);
    const delegated = await lead
      .post(`/requests/${id}/approvals/${approval.approvalId}/delegate`)
      .send({ to: 'u-luo.zhiming', reason: 'on leave' })
      .expect(200);
    expect(delegated.body).toMatchObject({
      status: 'pending',
      approver: { kind: 'user', userId: 'u-luo.zhiming' },
      delegations: [expect.objectContaining({ from: 'u-liang.jiahao', to: 'u-luo.zhiming', by: 'u-liang.jiahao' })],
    });
    await lead.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(403);
    const deputy = await suite.as('u-luo.zhiming', ['agent'], [world.departments.it.code]);
    await deputy.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('in-fulfilment');
    await reader.waitFor(() => typesFor(reader, approval.approvalId).length >= 3);
    expect(typesFor(reader, approval.approvalId)).toEqual([
      'itsm.requests.approval.requested.v1',
      'itsm.requests.approval.delegated.v1',
      'itsm.requests.approval.decided.v1',
    ]);
  });

  it('a quorum stage needs that many different people holding the role in the department', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.campaign,
        formData: {
          campaignName: '618',
          startDate: '2026-06-18',
          businessServiceCodes: [`pos-checkout-${world.suffix}`],
        },
      })
      .expect(201);
    const id = res.body.requestId;
    const owner = await suite.as('li.jianping@example.com', ['requester']);
    await owner
      .post(`/requests/${id}/approvals/${(await approvalsOf(id))[0].approvalId}/approve`)
      .send({})
      .expect(200);
    const votes = (await approvalsOf(id)).filter((a) => a.stageKey === 'change-managers');
    expect(votes).toHaveLength(2);
    const chen = await suite.as('u-chen', ['change-manager'], [world.departments.it.code]);
    const hrManager = await suite.as('u-hr.cm', ['change-manager'], [world.departments.hr.code]);
    expect(
      (await chen.get('/approvals?assignedTo=me').expect(200)).body.items.filter(
        (a: { requestId: string }) => a.requestId === id,
      ),
    ).toHaveLength(2);
    await hrManager.post(`/requests/${id}/approvals/${votes[0].approvalId}/approve`).send({}).expect(404);
    await chen.post(`/requests/${id}/approvals/${votes[0].approvalId}/approve`).send({}).expect(200);
    expect(
      (await chen.post(`/requests/${id}/approvals/${votes[1].approvalId}/approve`).send({}).expect(409)).body.code,
    ).toBe('requests.approval.already_voted');
    expect(
      (await chen.get('/approvals?assignedTo=me').expect(200)).body.items.filter(
        (a: { requestId: string }) => a.requestId === id,
      ),
    ).toHaveLength(0);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('pending-approval');
    const sun = await suite.as('u-sun', ['change-manager'], [world.departments.it.code]);
    await sun.post(`/requests/${id}/approvals/${votes[1].approvalId}/approve`).send({}).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('in-fulfilment');
  });

  it('a failed task holds the request and tells the requester; retrying releases it', async () => {
    const res = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.certificate, formData: { purpose: 'loan' } })
      .expect(201);
    const id = res.body.requestId;
    const task = (await tasksOf(id))['issue-certificate'];
    const hrAgent = await suite.as('u-hr.agent', ['agent'], [world.departments.hr.code]);
    expect((await hrAgent.post(`/tasks/${task.taskId}/fail`).send({}).expect(400)).body.code).toBe('validation.failed');
    await hrAgent.post(`/tasks/${task.taskId}/fail`).send({ reason: 'HR seal is away for repair' }).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body).toMatchObject({
      status: 'in-fulfilment',
      onHold: true,
    });
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.held.v1'));
    expect(dataOf(reader, id, 'itsm.requests.request.held.v1')[0]).toMatchObject({
      taskKey: 'issue-certificate',
      reason: 'HR seal is away for repair',
      requesterId: 'u-li.na',
    });
    await hrAgent.post(`/tasks/${task.taskId}/reopen`).send({ reason: 'seal is back' }).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.onHold).toBe(false);
    await hrAgent
      .post(`/tasks/${task.taskId}/complete`)
      .send({
        checklist: [
          { item: 'Details checked', done: true },
          { item: 'Seal applied', done: true },
        ],
      })
      .expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('fulfilled');
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.fulfilled.v1'));
    expect(typesFor(reader, id)).toEqual(
      expect.arrayContaining(['itsm.requests.request.held.v1', 'itsm.requests.request.released.v1']),
    );
  });

  it('cancelling withdraws pending approvals; closing and reopening follow the rules', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.storeOpening,
        formData: { storeName: '天津店', region: 'cn-north', openingDate: '2026-07-01' },
      })
      .expect(201);
    const id = res.body.requestId;
    const [approval] = await approvalsOf(id);
    const cancelled = await requester.post(`/requests/${id}/cancel`).send({ reason: 'lease fell through' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });
    expect((await approvalsOf(id))[0].status).toBe('withdrawn');
    const lead = await suite.as('u-cao.lixin', ['team-lead'], [world.departments.it.code]);
    expect(
      (await lead.post(`/requests/${id}/approvals/${approval.approvalId}/approve`).send({}).expect(409)).body.code,
    ).toBe('requests.approval.already_decided');
    expect((await requester.post(`/requests/${id}/cancel`).send({}).expect(409)).body).toMatchObject({
      from: 'cancelled',
      allowed: ['closed'],
    });
    await itAgent.post(`/requests/${id}/close`).send().expect(200);
    expect((await requester.post(`/requests/${id}/reopen`).send({}).expect(409)).body.code).toBe(
      'requests.request.not_reopenable',
    );
    await reader.waitFor(() => typesFor(reader, approval.approvalId).includes('itsm.requests.approval.withdrawn.v1'));
    expect(dataOf(reader, approval.approvalId, 'itsm.requests.approval.withdrawn.v1')[0]).toMatchObject({
      reason: 'request-cancelled',
    });
  });
});
