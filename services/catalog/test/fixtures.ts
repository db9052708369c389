import type request from 'supertest';

type Http = ReturnType<typeof request>;

let seq = 0;
const code = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

async function created(
  res: Promise<{ status: number; body: Record<string, unknown> }>,
): Promise<Record<string, unknown>> {
  const r = await res;
  if (r.status !== 201 && r.status !== 200)
    throw new Error(`fixture request failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Fixture factories that go through the real API, so every fixture also exercises validation and events. */
export const fixtures = {
  department: (http: Http, overrides: Record<string, unknown> = {}) =>
    created(
      http.post('/departments').send({ code: code('it'), kind: 'it', name: text('IT', '信息技术部'), ...overrides }),
    ),

  /** Regions by code, created unless the catalog knows them already (a team covers only known regions). */
  regions: async (http: Http, codes: string[]) => {
    for (const region of codes) {
      const res = await http.post('/regions').send({ code: region, name: text(region, region) });
      if (res.status !== 201 && res.body.code !== 'catalog.region.code_taken')
        throw new Error(`fixture region failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
  },

  /** A team (its regions created first when new). */
  team: async (http: Http, departmentId: string, overrides: Record<string, unknown> = {}) => {
    const body = {
      code: code('team'),
      departmentId,
      name: text('Network South', '华南网络组'),
      regions: ['cn-south'],
      members: [{ userId: 'u-li', displayName: 'Li Wei', role: 'lead' }],
      ...overrides,
    };
    await fixtures.regions(http, body.regions as string[]);
    return created(http.post('/teams').send(body));
  },

  /** A store-opening offering: a region-routed network task, a POS task after it, a T-3 readiness report. */
  offeringInput: (
    departmentId: string,
    teams: { south: string; east: string; pos: string },
    overrides: Record<string, unknown> = {},
  ) => ({
    code: code('store-opening'),
    scenario: 'store-opening',
    departmentId,
    name: text('New store opening IT readiness', '新店开业 IT 准备'),
    description: text('Everything IT a new store needs before opening day', '新店开业前所需的全部 IT 准备'),
    formSchema: {
      type: 'object',
      required: ['storeName', 'region', 'openingDate'],
      properties: {
        storeName: { type: 'string', title: 'Store name / 门店名称', minLength: 1 },
        region: { type: 'string', enum: ['cn-south', 'cn-east'] },
        openingDate: { type: 'string', format: 'date' },
        storeTimeZone: { type: 'string', format: 'time-zone' },
      },
    },
    taskPlan: {
      tasks: [
        {
          key: 'network-line',
          name: text('Network line', '网络专线'),
          team: { kind: 'by-field', field: 'region', mapping: { 'cn-south': teams.south, 'cn-east': teams.east } },
          due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P10D' },
        },
        {
          key: 'pos',
          name: text('POS and cash registers', 'POS 收银'),
          team: { kind: 'fixed', teamId: teams.pos },
          dependsOn: ['network-line'],
          due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P5D' },
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'ops',
          name: text('Store operations', '门店运营审批'),
          approvers: { kind: 'business-field', field: 'region.store-operations-lead' },
          mode: 'any',
        },
      ],
    },
    reminders: [
      {
        key: 'readiness',
        kind: 'readiness-report',
        name: text('Readiness report', '开业准备报告'),
        field: 'openingDate',
        offset: '-P3D',
        atLocalTime: '09:00',
        timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
      },
    ],
    promisedDelivery: { duration: 'P14D', basis: 'business-days' },
    audience: { departmentIds: [], roles: ['store-manager'] },
    ...overrides,
  }),
};
