import { v7 as uuidv7 } from 'uuid';
import { offeringPublished } from './catalog-world';
import { publishOfferings, requestsSuite, tasksByKey, typesFor } from './requests-harness';

/**
 * A task completes only when its work is done (issue 10, item 8): every required checklist item
 * ticked and the output fields its template declares present and valid; skipping says why.
 */
describe('completing and skipping tasks', () => {
  const suite = requestsSuite({ readTopics: true });
  const { world } = suite;
  const requester = suite.person('u-tc.requester', ['requester']);
  const agent = suite.person('u-tc.agent', ['agent'], [world.departments.it.code]);
  const offeringId = uuidv7();

  const LINE = '专线到店并测速 / Line installed and speed-tested';
  const VPN = '门店 VPN 隧道建立 / Store VPN tunnel up';
  const FOOTFALL = '客流计数摄像头校准 / Footfall counter calibrated';

  beforeAll(async () => {
    const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
    await publishOfferings(suite.svc, [
      offeringPublished(world, {
        offeringId,
        code: 'store-network',
        formSchema: { type: 'object', properties: { storeName: { type: 'string' } } },
        taskPlan: {
          tasks: [
            {
              key: 'network-line',
              name: text('Network line', '网络专线开通'),
              team: { kind: 'fixed', teamId: world.teams.networkSouth },
              checklist: [LINE, VPN],
              optionalChecklist: [FOOTFALL],
              outputSchema: {
                type: 'object',
                required: ['circuitId'],
                properties: {
                  circuitId: { type: 'string', title: '专线电路编号 / Circuit ID', minLength: 1 },
                  bandwidthMbps: { type: 'integer', title: '带宽（Mbps）/ Bandwidth (Mbps)', minimum: 1 },
                },
              },
            },
            {
              key: 'handover',
              name: text('Handover', '开业交接'),
              team: { kind: 'fixed', teamId: world.teams.serviceDesk },
            },
          ],
        },
      }),
    ]);
  });

  async function freshTasks() {
    const id = (
      await requester
        .post('/requests')
        .send({ offeringId, formData: { storeName: '深圳南山店' } })
        .expect(201)
    ).body.requestId as string;
    return tasksByKey(agent, id);
  }

  it('shows on the task which checklist items are required, which optional, and what the completion records', async () => {
    const task = (await agent.get(`/tasks/${(await freshTasks())['network-line']!.taskId}`).expect(200)).body;
    expect(task).toMatchObject({
      checklist: [LINE, VPN],
      optionalChecklist: [FOOTFALL],
      outputSchema: { required: ['circuitId'] },
    });
  });

  it('refuses to complete with a required item undone or missing and a required output field absent, naming each in both languages', async () => {
    const line = (await freshTasks())['network-line']!;
    const res = await agent
      .post(`/tasks/${line.taskId}/complete`)
      .set('Accept-Language', 'zh-CN')
      .send({ checklist: [{ item: LINE, done: false }], fields: {} })
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'requests.task.incomplete',
      title: '任务尚未完成',
      detail: expect.stringContaining('专线电路编号'),
    });
    expect(res.body.fields).toEqual([
      expect.objectContaining({
        path: 'checklist[0].done',
        code: 'required_item_not_done',
        item: LINE,
        label: { en: 'Line installed and speed-tested', 'zh-CN': '专线到店并测速' },
      }),
      expect.objectContaining({
        path: 'checklist',
        code: 'required_item_not_done',
        item: VPN,
        messages: { en: 'Store VPN tunnel up: must be done', 'zh-CN': '门店 VPN 隧道建立：必须完成' },
      }),
      expect.objectContaining({
        path: 'fields.circuitId',
        code: 'required',
        label: { en: 'Circuit ID', 'zh-CN': '专线电路编号' },
      }),
    ]);
    // Nothing changed: the task is still open, no completion reached Kafka.
    expect((await agent.get(`/tasks/${line.taskId}`).expect(200)).body).toMatchObject({
      status: 'open',
      outputs: null,
    });
    expect(typesFor(suite.reader, line.taskId)).not.toContain('itsm.requests.task.completed.v1');
  });

  it('refuses output fields that break the declared schema', async () => {
    const line = (await freshTasks())['network-line']!;
    const done = [LINE, VPN].map((item) => ({ item, done: true }));
    const res = await agent
      .post(`/tasks/${line.taskId}/complete`)
      .send({ checklist: done, fields: { circuitId: '', bandwidthMbps: 0 } })
      .expect(400);
    expect(res.body.code).toBe('requests.task.incomplete');
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'fields.bandwidthMbps',
      'fields.circuitId',
    ]);
  });

  it('completes once the required items are done and the fields valid; optional items may stay undone', async () => {
    const line = (await freshTasks())['network-line']!;
    const res = await agent
      .post(`/tasks/${line.taskId}/complete`)
      .send({
        checklist: [LINE, VPN].map((item) => ({ item, done: true })),
        fields: { circuitId: 'GD-SZ-0187', bandwidthMbps: 500 },
      })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'done',
      outputs: {
        checklist: [
          { item: LINE, done: true },
          { item: VPN, done: true },
          { item: FOOTFALL, done: false },
        ],
        fields: { circuitId: 'GD-SZ-0187', bandwidthMbps: 500 },
      },
    });
    await suite.reader.waitFor(() => typesFor(suite.reader, line.taskId).includes('itsm.requests.task.completed.v1'));
  });

  it('a task without requirements completes with nothing ticked; an item not on the checklist is refused', async () => {
    const tasks = await freshTasks();
    const unknown = await agent
      .post(`/tasks/${tasks['network-line']!.taskId}/complete`)
      .send({ checklist: [{ item: 'Coffee machine', done: true }] })
      .expect(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ path: 'checklist[0].item', code: 'unknown_item' })]);
    await agent.post(`/tasks/${tasks['handover']!.taskId}/complete`).send({}).expect(200);
  });

  it('skipping needs a reason: 400 naming `reason` without one, and the reason is kept', async () => {
    const handover = (await freshTasks())['handover']!;
    for (const body of [undefined, {}, { reason: '' }, { reason: '   ' }]) {
      const res = await agent.post(`/tasks/${handover.taskId}/skip`).send(body).expect(400);
      expect(res.body).toMatchObject({
        code: 'validation.failed',
        fields: [expect.objectContaining({ path: 'reason' })],
      });
    }
    expect((await agent.get(`/tasks/${handover.taskId}`).expect(200)).body.status).toBe('open');
    const skipped = await agent
      .post(`/tasks/${handover.taskId}/skip`)
      .send({ reason: '店长自行交接 / the store manager hands over' })
      .expect(200);
    expect(skipped.body).toMatchObject({ status: 'skipped', reason: '店长自行交接 / the store manager hands over' });
  });
});
