import { DataSource } from 'typeorm';
import { Http, PROBLEM_JSON, requestsSuite, TaskItem } from './requests-harness';

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a list, page by page (small pages, so the cursor is walked too). */
async function everything<T>(http: Http, path: string, limit = 2): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = (
      await http
        .get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .expect(200)
    ).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const requestIds = (items: { requestId: string }[]) => items.map((r) => r.requestId);

/**
 * Lists at scale (issue 10 item 17): `?q=` over requests and tasks — number, title, form answers,
 * requester, and a task's own name — for two-character Chinese queries and English words, within the
 * access rule and keyset pages; and lists built as one index walk per way of seeing show exactly what
 * single reads allow, for every way of seeing (requester, on-behalf-of person, watcher, named
 * approver, role approver, delegate, assignee, team member, desk).
 */
describe('request and task lists: search, and every way of seeing (real Postgres and Kafka)', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const it_ = world.departments.it.code;
  const requester = suite.person('u-search.li', ['requester'], [it_]);
  const stranger = suite.person('u-search.stranger', ['requester']);
  const itAgent = suite.person('u-search.agent', ['agent'], [it_]);
  const hrAgent = suite.person('u-search.hr', ['agent'], [world.departments.hr.code]);
  const admin = suite.person('u-search.root', ['platform-admin']);
  let shenzhen: { requestId: string; number: string };
  let guangzhou: { requestId: string; number: string };
  let onboarding: { requestId: string; number: string };
  let certificate: { requestId: string; number: string };

  const submit = async (who: Http, body: Record<string, unknown>) =>
    (await who.post('/requests').send(body).expect(201)).body as { requestId: string; number: string };
  const approveAll = async (requestId: string) => {
    for (const a of (await admin.get(`/requests/${requestId}/approvals`).expect(200)).body.items as {
      approvalId: string;
      status: string;
    }[]) {
      if (a.status === 'pending')
        await admin.post(`/requests/${requestId}/approvals/${a.approvalId}/approve`).send({}).expect(200);
    }
  };

  beforeAll(async () => {
    shenzhen = await submit(requester, {
      offeringId: world.offerings.storeOpening,
      formData: { storeName: '禾悦深圳南山门店', region: 'cn-south', openingDate: '2027-09-01' },
    });
    guangzhou = await submit(requester, {
      offeringId: world.offerings.storeOpening,
      formData: { storeName: '广州天河旗舰店', region: 'cn-south', openingDate: '2027-10-01' },
    });
    onboarding = await submit(requester, {
      offeringId: world.offerings.onboarding,
      formData: {
        employeeName: '王芳',
        employeeId: 'E400001',
        startDate: '2027-03-01',
        workLocation: 'cn-north',
        managerEmail: 'search.manager@example.com',
      },
    });
    certificate = await submit(requester, { offeringId: world.offerings.certificate, formData: { purpose: 'visa' } });
    await approveAll(shenzhen.requestId);
  });

  it('finds two-character Chinese queries and English words in the title and the form', async () => {
    const found = async (q: string) =>
      requestIds((await requester.get(`/requests?q=${encodeURIComponent(q)}`).expect(200)).body.items);
    expect(await found('门店')).toEqual([shenzhen.requestId]);
    expect(await found('深圳')).toEqual([shenzhen.requestId]);
    expect(await found('开业')).toEqual([guangzhou.requestId, shenzhen.requestId]);
    expect(await found('onboarding')).toEqual([onboarding.requestId]);
    expect(await found('ONBOARDING')).toEqual([onboarding.requestId]);
    expect(await found('王芳')).toEqual([onboarding.requestId]);
    expect(await found('IT readiness')).toEqual([onboarding.requestId, guangzhou.requestId, shenzhen.requestId]);
    expect(await found('visa')).toEqual([certificate.requestId]);
    expect(await found('广州 门店')).toEqual([]);
    // Key dates move, so they are no search terms.
    expect(await found('2027')).toEqual([]);
  });

  it('finds a request by its number, exactly or as a prefix, and by its requester', async () => {
    const digits = shenzhen.number.slice('REQ-'.length);
    expect(requestIds((await requester.get(`/requests?q=${shenzhen.number}`).expect(200)).body.items)).toEqual([
      shenzhen.requestId,
    ]);
    expect(requestIds((await requester.get(`/requests?q=${Number(digits)}`).expect(200)).body.items)).toEqual([
      shenzhen.requestId,
    ]);
    expect(
      requestIds((await requester.get(`/requests?q=${shenzhen.number.toLowerCase()}`).expect(200)).body.items),
    ).toEqual([shenzhen.requestId]);
    // The first four digits are a prefix: every request numbered REQ-dddd.. of the caller's.
    const prefixed = requestIds((await requester.get(`/requests?q=REQ-${digits.slice(0, 4)}`).expect(200)).body.items);
    expect(prefixed).toContain(shenzhen.requestId);
    expect(requestIds((await admin.get('/requests?q=u-search.li').expect(200)).body.items).sort()).toEqual(
      [shenzhen.requestId, guangzhou.requestId, onboarding.requestId, certificate.requestId].sort(),
    );
  });

  it('searches within the access rule: what a caller may not see is never found', async () => {
    expect((await stranger.get(`/requests?q=${encodeURIComponent('门店')}`).expect(200)).body.items).toEqual([]);
    expect((await stranger.get(`/requests?q=${shenzhen.number}`).expect(200)).body.items).toEqual([]);
    expect(requestIds((await itAgent.get(`/requests?q=${encodeURIComponent('门店')}`).expect(200)).body.items)).toEqual(
      [shenzhen.requestId],
    );
    expect((await hrAgent.get(`/requests?q=${encodeURIComponent('门店')}`).expect(200)).body.items).toEqual([]);
    expect(requestIds((await hrAgent.get('/requests?q=visa').expect(200)).body.items)).toEqual([certificate.requestId]);
    expect((await itAgent.get('/requests?q=visa').expect(200)).body.items).toEqual([]);
    expect((await stranger.get(`/tasks?q=${encodeURIComponent('门店')}`).expect(200)).body.items).toEqual([]);
  });

  it('pages search results by cursor and combines them with the filters', async () => {
    const pages = await everything<{ requestId: string }>(admin, `/requests?q=${encodeURIComponent('开业')}`, 1);
    expect(requestIds(pages)).toEqual([guangzhou.requestId, shenzhen.requestId]);
    expect(
      requestIds(
        (await admin.get(`/requests?q=${encodeURIComponent('开业')}&status=pending-approval`).expect(200)).body.items,
      ),
    ).toEqual([guangzhou.requestId]);
    expect(
      requestIds(
        (await admin.get(`/requests?q=${encodeURIComponent('开业')}&status=in-fulfilment`).expect(200)).body.items,
      ),
    ).toEqual([shenzhen.requestId]);
  });

  it('searches tasks by their request and by their own name', async () => {
    const shenzhenTasks = (
      (await admin.get(`/requests/${shenzhen.requestId}/tasks`).expect(200)).body.items as TaskItem[]
    ).map((t) => t.taskId);
    expect(shenzhenTasks).toHaveLength(3);
    const tasks = async (who: Http, q: string) =>
      (await everything<TaskItem>(who, `/tasks?q=${encodeURIComponent(q)}`)).map((t) => t.taskId);
    expect(await tasks(itAgent, '门店')).toEqual(shenzhenTasks);
    expect(await tasks(requester, '门店')).toEqual(shenzhenTasks);
    expect(await tasks(itAgent, shenzhen.number)).toEqual(shenzhenTasks);
    const pos = (await tasks(itAgent, '收银机')).map((id) => id);
    expect(pos).toHaveLength(1);
    expect(((await admin.get(`/tasks/${pos[0]}`).expect(200)).body as TaskItem).key).toBe('pos');
    expect(await tasks(itAgent, 'POS tills')).toEqual(pos);
    expect(await tasks(hrAgent, '门店')).toEqual([]);
    expect(await tasks(hrAgent, '收银机')).toEqual([]);
    expect(await tasks(itAgent, 'visa')).toEqual([]);
    expect((await tasks(hrAgent, 'visa')).length).toBe(1);
    // A task handed to another desk's team is found there, by its name and by its request.
    const handover = (
      (await admin.get(`/requests/${shenzhen.requestId}/tasks`).expect(200)).body.items as TaskItem[]
    ).find((t) => t.key === 'handover')!;
    await admin.post(`/tasks/${handover.taskId}/assign`).send({ teamId: world.teams.hrOperations }).expect(200);
    expect(await tasks(hrAgent, '开业交接')).toEqual([handover.taskId]);
    expect(await tasks(hrAgent, shenzhen.number)).toEqual([handover.taskId]);
  });

  it('refuses a q that is too long, holds control characters or nothing to search for: 400 naming q', async () => {
    for (const q of ['%0A', 'a%00b', 'x'.repeat(201), '%20%20', '!!!', 'tab%09here']) {
      for (const path of ['/requests', '/tasks']) {
        const res = await requester.get(`${path}?q=${q}`).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.code).toBe('validation.failed');
        expect(res.body.fields.map((f: { path: string }) => f.path)).toEqual(['q']);
      }
    }
    const zh = await requester.get('/requests?q=%0A').set('accept-language', 'zh-CN').expect(400);
    expect(zh.body.title).toBe('输入校验未通过');
  });

  it('lists exactly what single reads allow, for every way of seeing a request and its tasks', async () => {
    // One request per way of seeing, each naming the person it is for.
    const watched = await submit(requester, {
      offeringId: world.offerings.certificate,
      formData: { purpose: 'loan' },
      watchers: ['u-sight.watcher'],
    });
    const forSomeone = await submit(stranger, {
      offeringId: world.offerings.certificate,
      formData: { purpose: 'housing' },
      onBehalfOf: 'U-Sight.Obo',
    });
    const managed = await submit(stranger, {
      offeringId: world.offerings.onboarding,
      formData: {
        employeeName: '李雷',
        employeeId: 'E400002',
        startDate: '2027-04-01',
        workLocation: 'cn-south',
        managerEmail: 'sight.manager@example.com',
      },
    });
    const delegated = await submit(stranger, {
      offeringId: world.offerings.onboarding,
      formData: {
        employeeName: '韩梅梅',
        employeeId: 'E400003',
        startDate: '2027-04-02',
        workLocation: 'cn-south',
        managerEmail: 'sight.manager@example.com',
      },
    });
    const [toDelegate] = (await admin.get(`/requests/${delegated.requestId}/approvals`).expect(200)).body.items as {
      approvalId: string;
    }[];
    await admin
      .post(`/requests/${delegated.requestId}/approvals/${toDelegate.approvalId}/delegate`)
      .send({ to: 'u-sight.delegate' })
      .expect(200);
    // A campaign's second stage is for change managers of the IT desk (a role, not a name).
    const campaign = await submit(stranger, {
      offeringId: world.offerings.campaign,
      formData: {
        campaignName: '双11',
        startDate: '2027-11-11',
        businessServiceCodes: [`pos-checkout-${world.suffix}`],
      },
    });
    const [ownerStage] = (await admin.get(`/requests/${campaign.requestId}/approvals`).expect(200)).body.items as {
      approvalId: string;
    }[];
    await admin.post(`/requests/${campaign.requestId}/approvals/${ownerStage.approvalId}/approve`).send({}).expect(200);
    // An onboarding in fulfilment: its tasks are assigned to the identity team's members.
    await approveAll(managed.requestId);
    const accounts = (
      (await admin.get(`/requests/${managed.requestId}/tasks`).expect(200)).body.items as TaskItem[]
    ).find((t) => t.key === 'accounts')!;
    expect(accounts.assignee).not.toBeNull();

    const people: [string, Http][] = [
      ['requester', requester],
      ['stranger', stranger],
      ['watcher', await suite.as('u-sight.watcher', ['requester'])],
      ['on-behalf-of person, in other letters', await suite.as('u-sight.obo', ['requester'])],
      ['named approver', await suite.as('Sight.Manager@example.com', ['requester'])],
      ['delegate', await suite.as('u-sight.delegate', ['requester'])],
      ['change manager', await suite.as('u-sight.change', ['change-manager'], [it_])],
      ['assignee', await suite.as(accounts.assignee!, [])],
      ['team member', await suite.as('u-yang.fan', [])],
      ['IT agent', itAgent],
      ['HR agent', hrAgent],
      ['nobody', await suite.as('u-sight.nobody', ['requester'])],
    ];
    const allRequests = requestIds(await everything<{ requestId: string }>(admin, '/requests', 200));
    const ds = suite.svc.app.get(DataSource);
    const allTasks: string[] = (await ds.query('select id from task order by id')).map((t: { id: string }) => t.id);
    const sees = {} as Record<string, number>;
    for (const [name, http] of people) {
      const readable: string[] = [];
      for (const id of allRequests) if ((await http.get(`/requests/${id}`)).status === 200) readable.push(id);
      const listed = requestIds(await everything<{ requestId: string }>(http, '/requests', 3));
      expect({ name, requests: [...listed].sort() }).toEqual({ name, requests: [...readable].sort() });
      expect(new Set(listed).size).toBe(listed.length);
      const readableTasks: string[] = [];
      for (const id of allTasks) if ((await http.get(`/tasks/${id}`)).status === 200) readableTasks.push(id);
      const listedTasks = (await everything<TaskItem>(http, '/tasks', 3)).map((t) => t.taskId);
      expect({ name, tasks: listedTasks }).toEqual({ name, tasks: [...readableTasks].sort() });
      sees[name] = readable.length + readableTasks.length;
    }
    // Each way of seeing showed something (and nobody nothing), so the comparisons above meant something.
    expect(
      Object.entries(sees)
        .filter(([, n]) => n === 0)
        .map(([name]) => name),
    ).toEqual(['nobody']);
    // The delegate took over: the first approver no longer sees the delegated request, unless by another way.
    const manager = await suite.as('sight.manager@example.com', ['requester']);
    await manager.get(`/requests/${delegated.requestId}`).expect(404);
    await manager.get(`/requests/${managed.requestId}`).expect(200);
    expect(
      requestIds((await (await suite.as('u-sight.watcher', ['requester'])).get('/requests').expect(200)).body.items),
    ).toEqual([watched.requestId]);
    expect(
      requestIds((await (await suite.as('u-sight.obo', ['requester'])).get('/requests').expect(200)).body.items),
    ).toEqual([forSomeone.requestId]);
  });
});
