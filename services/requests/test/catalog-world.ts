import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  BusinessLineChangedV1,
  BusinessServiceChangedV1,
  createEvent,
  DepartmentChangedV1,
  DomainEvent,
  OfferingPublishedV1,
  OfferingRetiredV1,
  TeamChangedV1,
  type EventDataInput,
} from '@itsm/contracts';

/*
 * A small catalog as the catalog service publishes it (the shapes of the demo business: an IT and
 * an HR desk, regional teams, the onboarding, store-opening, partner-onboarding and certificate
 * offerings), written to Kafka as catalog events. Codes are unique per run: every run shares the
 * broker, and the service under test reads the catalog topics from the beginning.
 */

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const JSON_SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';
const NOW = () => new Date().toISOString();
const member = (login: string, role: 'lead' | 'member' = 'member') => ({
  userId: `u-${login}`,
  displayName: login,
  role,
});

export interface CatalogWorld {
  suffix: string;
  departments: { it: { id: string; code: string }; hr: { id: string; code: string } };
  teams: Record<
    | 'identityAccess'
    | 'collaboration'
    | 'applicationSupport'
    | 'endUserComputing'
    | 'networkSouth'
    | 'networkNorth'
    | 'storeItSouth'
    | 'storeItNorth'
    | 'serviceDesk'
    | 'securityOps'
    | 'hrOperations',
    string
  >;
  /** Members of each team in order (round robin hands out tasks in this order). */
  members: Record<string, string[]>;
  businessServices: { pos: string; online: string };
  businessLine: string;
  offerings: {
    onboarding: string;
    storeOpening: string;
    partner: string;
    certificate: string;
    retired: string;
    campaign: string;
  };
  events: DomainEvent[];
}

export function buildCatalogWorld(): CatalogWorld {
  const suffix = randomBytes(3).toString('hex');
  const events: DomainEvent[] = [];
  const dept = (code: string, kind: 'it' | 'hr', name: string) => {
    const id = uuidv7();
    events.push(
      createEvent(DepartmentChangedV1, id, {
        departmentId: id,
        code: `${code}-${suffix}`,
        kind,
        name: text(name, name),
        archived: false,
        updatedAt: NOW(),
      }),
    );
    return { id, code: `${code}-${suffix}` };
  };
  const departments = { it: dept('it', 'it', 'IT'), hr: dept('hr', 'hr', 'HR') };

  const members: Record<string, string[]> = {};
  const team = (code: string, departmentId: string, regions: string[], people: ReturnType<typeof member>[]) => {
    const id = uuidv7();
    members[id] = people.map((p) => p.userId);
    events.push(
      createEvent(TeamChangedV1, id, {
        teamId: id,
        code: `${code}-${suffix}`,
        departmentId,
        name: text(code, code),
        regions,
        members: people,
        archived: false,
        updatedAt: NOW(),
      }),
    );
    return id;
  };
  const all = ['cn-south', 'cn-east', 'cn-north'];
  const it = departments.it.id;
  const teams = {
    identityAccess: team('identity-access', it, all, [
      member('chen.jing', 'lead'),
      member('yang.fan'),
      member('zhao.min'),
    ]),
    collaboration: team('collaboration-platforms', it, all, [member('xu.li', 'lead'), member('sun.haoran')]),
    applicationSupport: team('application-support', it, all, [member('pan.zhiyuan', 'lead'), member('fan.xiaolin')]),
    endUserComputing: team('end-user-computing', it, all, [member('huang.zhiqiang', 'lead'), member('zhou.ting')]),
    networkSouth: team('network-south', it, ['cn-south'], [member('guo.jianhua', 'lead'), member('he.wenjie')]),
    networkNorth: team('network-north', it, ['cn-north'], [member('gao.jianguo', 'lead')]),
    storeItSouth: team('store-it-south', it, ['cn-south'], [member('liang.jiahao', 'lead'), member('luo.zhiming')]),
    storeItNorth: team('store-it-north', it, ['cn-north'], [member('cao.lixin', 'lead')]),
    serviceDesk: team('it-service-desk', it, all, [member('zhang.wei', 'lead'), member('li.na')]),
    securityOps: team('security-operations', it, all, [member('xu.zhenyu', 'lead')]),
    hrOperations: team('hr-operations', departments.hr.id, all, [member('su.wan', 'lead'), member('ye.qing')]),
  };

  const businessLine = uuidv7();
  events.push(
    createEvent(BusinessLineChangedV1, businessLine, {
      businessLineId: businessLine,
      code: `retail-${suffix}`,
      name: text('Retail', '门店零售'),
      archived: false,
      updatedAt: NOW(),
    }),
  );
  const service = (code: string, owner: string) => {
    const id = uuidv7();
    events.push(
      createEvent(BusinessServiceChangedV1, id, {
        businessServiceId: id,
        code: `${code}-${suffix}`,
        businessLineId: businessLine,
        name: text(code, code),
        criticality: 'critical',
        ownerName: owner,
        ownerEmail: `${owner}@example.com`,
        downtimeCostPerHour: { amount: 100000, currency: 'CNY' },
        typicalUsersAffected: 1000,
        labels: {},
        archived: false,
        updatedAt: NOW(),
      }),
    );
    return id;
  };
  const businessServices = {
    pos: service('pos-checkout', 'li.jianping'),
    online: service('online-store', 'wang.xiaowen'),
  };

  const regionField = { type: 'string', enum: all };
  const offering = (
    content: Omit<
      EventDataInput<typeof OfferingPublishedV1>,
      'offeringId' | 'version' | 'status' | 'publishedAt' | 'updatedAt' | 'audience'
    > & { audience?: { departmentIds: string[]; roles: string[] } },
  ) => {
    const id = uuidv7();
    events.push(
      createEvent(OfferingPublishedV1, id, {
        audience: { departmentIds: [], roles: [] },
        ...content,
        code: `${content.code}-${suffix}`,
        offeringId: id,
        version: 1,
        status: 'published',
        publishedAt: NOW(),
        updatedAt: NOW(),
      }),
    );
    return id;
  };
  const fixed = (teamId: string) => ({ kind: 'fixed' as const, teamId });
  const byRegion = (south: string, north: string, field = 'region') => ({
    kind: 'by-field' as const,
    field,
    mapping: { 'cn-south': south, 'cn-north': north },
  });

  const onboarding = offering({
    code: 'employee-onboarding-it',
    scenario: 'employee-onboarding',
    departmentId: it,
    name: text('New employee onboarding – IT readiness', '新员工入职 IT 准备'),
    description: text('Accounts, mailbox, VPN, laptop', '账号、邮箱、VPN、笔记本电脑'),
    formSchema: {
      $schema: JSON_SCHEMA_2020,
      type: 'object',
      title: '新员工信息 / New employee',
      required: ['employeeName', 'employeeId', 'startDate', 'workLocation', 'managerEmail'],
      additionalProperties: false,
      properties: {
        employeeName: { type: 'string', title: '员工姓名 / Employee name', minLength: 1, maxLength: 100 },
        employeeId: { type: 'string', title: '工号 / Employee ID', pattern: '^E[0-9]{6}$' },
        startDate: { type: 'string', format: 'date', title: '入职日期 / Start date' },
        workLocation: { ...regionField, title: '工作地区 / Work location' },
        managerEmail: { type: 'string', format: 'email', title: '直属上级邮箱 / Manager email' },
        needsVpn: { type: 'boolean', title: '需要远程办公 VPN / Needs VPN', default: false },
      },
    },
    taskPlan: {
      tasks: [
        {
          key: 'accounts',
          name: text('Directory account', '开通域账号'),
          team: fixed(teams.identityAccess),
          due: { relativeTo: 'form-field', field: 'startDate', offset: '-P3D' },
          checklist: ['Directory account created', 'SSO and MFA enrolled'],
        },
        {
          key: 'mailbox',
          name: text('Mailbox', '开通企业邮箱'),
          team: fixed(teams.collaboration),
          dependsOn: ['accounts'],
        },
        {
          key: 'vpn',
          name: text('VPN access', '开通 VPN'),
          team: fixed(teams.identityAccess),
          dependsOn: ['accounts'],
        },
        {
          key: 'collaboration-tools',
          name: text('WeCom and meetings', '企业微信与在线会议'),
          team: fixed(teams.collaboration),
          dependsOn: ['accounts'],
        },
        {
          key: 'business-access',
          name: text('Business-system access', '业务系统权限'),
          team: fixed(teams.applicationSupport),
          dependsOn: ['accounts'],
        },
        {
          key: 'laptop',
          name: text('Laptop', '笔记本电脑'),
          team: fixed(teams.endUserComputing),
          dependsOn: ['accounts'],
          checklist: ['Imaged', 'Delivered'],
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'hiring-manager',
          name: text('Hiring manager confirmation', '直属上级确认'),
          approvers: { kind: 'business-field', field: 'requester.manager' },
          mode: 'any',
        },
      ],
    },
    reminders: [
      {
        key: 'readiness-t-1',
        kind: 'readiness-report',
        name: text('Day-before readiness', '入职前一天就绪报告'),
        field: 'startDate',
        offset: '-P1D',
        atLocalTime: '09:00',
        timeZone: { kind: 'fixed', zone: 'Asia/Shanghai' },
      },
    ],
    promisedDelivery: { duration: 'P5D', basis: 'business-days' },
  });

  const storeOpening = offering({
    code: 'store-opening-it',
    scenario: 'store-opening',
    departmentId: it,
    name: text('New store opening – IT readiness', '新店开业 IT 准备'),
    description: text('Network, POS, handover', '网络、收银、交接'),
    formSchema: {
      $schema: JSON_SCHEMA_2020,
      type: 'object',
      required: ['storeName', 'region', 'openingDate'],
      additionalProperties: false,
      properties: {
        storeName: { type: 'string', title: '门店名称 / Store name', minLength: 1 },
        region: { ...regionField, title: '所属区域 / Region' },
        openingDate: { type: 'string', format: 'date', title: '开业日期 / Opening date' },
        storeTimeZone: {
          type: 'string',
          format: 'time-zone',
          title: '门店时区 / Store time zone',
          default: 'Asia/Shanghai',
        },
      },
    },
    taskPlan: {
      tasks: [
        {
          key: 'network-line',
          name: text('Network line', '网络专线开通'),
          team: byRegion(teams.networkSouth, teams.networkNorth),
          due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P14D' },
        },
        {
          key: 'pos',
          name: text('POS tills', '收银机'),
          team: byRegion(teams.storeItSouth, teams.storeItNorth),
          dependsOn: ['network-line'],
        },
        {
          key: 'handover',
          name: text('Handover', '开业交接'),
          team: fixed(teams.serviceDesk),
          dependsOn: ['network-line', 'pos'],
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'store-operations',
          name: text('Regional store operations lead', '区域门店运营负责人'),
          approvers: { kind: 'business-field', field: 'region.store-operations-lead' },
          mode: 'any',
        },
      ],
    },
    reminders: [
      {
        key: 'readiness-t-3',
        kind: 'readiness-report',
        name: text('T-3 readiness', '开业前 3 天就绪报告'),
        field: 'openingDate',
        offset: '-P3D',
        atLocalTime: '09:00',
        timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
      },
    ],
    promisedDelivery: { duration: 'P20D', basis: 'business-days' },
  });

  const partner = offering({
    code: 'partner-onboarding',
    scenario: 'partner-onboarding',
    departmentId: it,
    name: text('Partner onboarding', '合作伙伴接入'),
    description: text('Accounts, channel, permissions', '账号、接入通道、权限'),
    formSchema: {
      $schema: JSON_SCHEMA_2020,
      type: 'object',
      required: ['partnerName', 'accessChannel', 'managerEmail'],
      additionalProperties: false,
      properties: {
        partnerName: { type: 'string', title: '合作伙伴名称 / Partner name', minLength: 1 },
        accessChannel: { type: 'string', title: '接入方式 / Access channel', enum: ['vpn', 'api', 'portal'] },
        managerEmail: { type: 'string', format: 'email', title: '直属上级邮箱 / Manager email' },
      },
    },
    taskPlan: {
      tasks: [
        { key: 'partner-accounts', name: text('Partner accounts', '合作伙伴账号'), team: fixed(teams.identityAccess) },
        {
          key: 'access-channel',
          name: text('Access channel', '接入通道'),
          team: {
            kind: 'by-field',
            field: 'accessChannel',
            mapping: { vpn: teams.networkSouth, api: teams.securityOps },
          },
        },
        {
          key: 'permissions',
          name: text('Permissions', '系统权限'),
          team: fixed(teams.identityAccess),
          dependsOn: ['partner-accounts', 'access-channel'],
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'manager',
          name: text('Manager approval', '直属上级审批'),
          approvers: { kind: 'business-field', field: 'requester.manager' },
          mode: 'any',
        },
        {
          key: 'security',
          name: text('Security approval', '信息安全审批'),
          approvers: { kind: 'role', role: 'security-officer' },
          mode: 'all',
        },
      ],
    },
    reminders: [],
    promisedDelivery: { duration: 'P7D', basis: 'business-days' },
  });

  const campaign = offering({
    code: 'campaign-it-support',
    scenario: 'campaign-support',
    departmentId: it,
    name: text('Campaign IT support', '大促活动 IT 保障'),
    description: text('Capacity and rehearsal', '容量评估与演练'),
    formSchema: {
      $schema: JSON_SCHEMA_2020,
      type: 'object',
      required: ['campaignName', 'startDate', 'businessServiceCodes'],
      additionalProperties: false,
      properties: {
        campaignName: { type: 'string', title: '活动名称 / Campaign name', minLength: 1 },
        startDate: { type: 'string', format: 'date', title: '开始日期 / Start date' },
        businessServiceCodes: {
          type: 'array',
          title: '涉及的业务服务 / Business services involved',
          items: { type: 'string', enum: [`pos-checkout-${suffix}`, `online-store-${suffix}`] },
          minItems: 1,
          uniqueItems: true,
        },
      },
    },
    taskPlan: {
      tasks: [
        {
          key: 'capacity-assessment',
          name: text('Capacity assessment', '容量评估'),
          team: fixed(teams.applicationSupport),
          due: { relativeTo: 'form-field', field: 'startDate', offset: '-P14D' },
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'business-owner',
          name: text('Business service owner', '业务服务负责人审批'),
          approvers: { kind: 'business-field', field: 'business-service.owner' },
          mode: 'any',
        },
        {
          key: 'change-managers',
          name: text('Change managers sign-off', '变更经理会签'),
          approvers: { kind: 'role', role: 'change-manager' },
          mode: 'quorum',
          quorum: 2,
        },
      ],
    },
    reminders: [],
    promisedDelivery: { duration: 'P10D', basis: 'business-days' },
  });

  const certificate = offering({
    code: 'employment-certificate',
    scenario: 'employment-certificate',
    departmentId: departments.hr.id,
    name: text('Employment certificate', '在职证明'),
    description: text('A certificate of employment', '开具在职证明'),
    formSchema: {
      type: 'object',
      required: ['purpose'],
      additionalProperties: false,
      properties: { purpose: { type: 'string', title: '用途 / Purpose', enum: ['visa', 'loan', 'housing', 'other'] } },
    },
    taskPlan: {
      tasks: [
        {
          key: 'issue-certificate',
          name: text('Issue the certificate', '开具并盖章'),
          team: fixed(teams.hrOperations),
          due: { relativeTo: 'submission', offset: 'P2D' },
          checklist: ['Details checked', 'Seal applied'],
        },
      ],
    },
    approvalPolicy: { stages: [] },
    reminders: [],
    promisedDelivery: { duration: 'P3D', basis: 'business-days' },
  });

  const retired = offering({
    code: 'old-laptop-refresh',
    scenario: 'laptop-refresh',
    departmentId: it,
    name: text('Laptop refresh (old)', '电脑更换（旧）'),
    description: text('Replaced by a new offering', '已被新服务项取代'),
    formSchema: { type: 'object', properties: { reason: { type: 'string', title: '原因 / Reason' } } },
    taskPlan: {
      tasks: [{ key: 'swap', name: text('Swap the laptop', '更换电脑'), team: fixed(teams.endUserComputing) }],
    },
    approvalPolicy: { stages: [] },
    reminders: [],
    promisedDelivery: { duration: 'P5D', basis: 'calendar' },
  });
  events.push(
    createEvent(OfferingRetiredV1, retired, {
      offeringId: retired,
      version: 1,
      code: `old-laptop-refresh-${suffix}`,
      retiredAt: NOW(),
    }),
  );

  return {
    suffix,
    departments,
    teams,
    members,
    businessServices,
    businessLine,
    offerings: { onboarding, storeOpening, partner, certificate, retired, campaign },
    events,
  };
}

type PublishedInput = EventDataInput<typeof OfferingPublishedV1>;

/**
 * One more offering of the world's IT desk, as the catalog publishes it: version 1 unless given,
 * no approval stages, reminders or audience restriction, code made unique for the run.
 */
export function offeringPublished(
  world: CatalogWorld,
  content: Pick<PublishedInput, 'offeringId' | 'code' | 'formSchema' | 'taskPlan'> & Partial<PublishedInput>,
): DomainEvent {
  return createEvent(OfferingPublishedV1, content.offeringId, {
    version: 1,
    scenario: content.code,
    departmentId: world.departments.it.id,
    name: { en: content.code, 'zh-CN': content.code },
    description: { en: content.code, 'zh-CN': content.code },
    approvalPolicy: { stages: [] },
    reminders: [],
    promisedDelivery: { duration: 'P5D', basis: 'calendar' },
    audience: { departmentIds: [], roles: [] },
    ...content,
    code: `${content.code}-${world.suffix}`,
    status: 'published',
    publishedAt: NOW(),
    updatedAt: NOW(),
  });
}
