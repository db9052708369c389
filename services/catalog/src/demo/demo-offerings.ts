import type { DemoOffering, DemoTeamCode } from './demo-business.types';
import { DEMO_BUSINESS_SERVICES } from './demo-organization';
import { localized } from '@itsm/contracts';

/*
 * The offerings the demo publishes: the four IT business scenarios, then two each for the HR and
 * Facilities desks. Form schemas are JSON Schema 2020-12; titles carry both languages because a
 * JSON Schema title is a single string.
 */

const JSON_SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';
const SHANGHAI = { kind: 'fixed', zone: 'Asia/Shanghai' } as const;

/** The requester's line manager approves first in most offerings. */
const MANAGER_APPROVAL = {
  key: 'manager',
  name: localized('Manager approval', '直属上级审批'),
  approvers: { kind: 'business-field', field: 'requester.manager' },
  mode: 'any',
} as const;

const regionField = {
  type: 'string',
  enum: ['cn-south', 'cn-east', 'cn-north'],
  description: 'cn-south 华南（深圳、广州）；cn-east 华东（上海、杭州）；cn-north 华北（北京、天津）',
};

/** Routes a task to the team of the region the form names. */
const byRegion = (teams: { south: DemoTeamCode; east: DemoTeamCode; north: DemoTeamCode }, field = 'region') =>
  ({
    kind: 'by-field',
    field,
    mapping: { 'cn-south': teams.south, 'cn-east': teams.east, 'cn-north': teams.north },
  }) as const;

const fixed = (team: DemoTeamCode) => ({ kind: 'fixed', team }) as const;

// ---------------------------------------------------------------- 1. employee onboarding

const employeeOnboarding: DemoOffering = {
  code: 'employee-onboarding-it',
  scenario: 'employee-onboarding',
  department: 'it',
  name: localized('New employee onboarding – IT readiness', '新员工入职 IT 准备'),
  description: localized(
    'Accounts, mailbox, VPN, WeCom and the business-system access the job needs, plus a laptop, all ready before the first day.',
    '新同事报到前，开通账号、邮箱、VPN、企业微信及岗位所需的业务系统权限，并备好笔记本电脑，入职当天即可开工。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '新员工信息 / New employee',
    required: ['employeeName', 'employeeId', 'department', 'jobRole', 'startDate', 'workLocation', 'managerEmail'],
    additionalProperties: false,
    properties: {
      employeeName: { type: 'string', title: '员工姓名 / Employee name', minLength: 1, maxLength: 100 },
      employeeId: { type: 'string', title: '工号 / Employee ID', pattern: '^E[0-9]{6}$', examples: ['E202417'] },
      department: { type: 'string', title: '所属部门 / Department', minLength: 1, maxLength: 100 },
      jobRole: {
        type: 'string',
        title: '岗位 / Job role',
        description: '决定需要开通哪些业务系统权限 / Decides which business systems to grant',
        enum: [
          'store-associate',
          'cashier',
          'store-manager',
          'warehouse-operator',
          'buyer',
          'ecommerce-operator',
          'finance-accountant',
          'hr-specialist',
          'software-engineer',
          'head-office-staff',
        ],
      },
      startDate: { type: 'string', format: 'date', title: '入职日期 / Start date' },
      workLocation: { ...regionField, title: '工作地区 / Work location' },
      managerEmail: { type: 'string', format: 'email', title: '直属上级邮箱 / Manager email' },
      needsVpn: { type: 'boolean', title: '需要远程办公 VPN / Needs VPN', default: false },
    },
  },
  tasks: [
    {
      key: 'accounts',
      name: localized('Directory account and single sign-on', '开通域账号与统一身份'),
      team: fixed('identity-access'),
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P3D' },
      checklist: ['创建域账号 / Directory account created', '开通单点登录与多因素认证 / SSO and MFA enrolled'],
    },
    {
      key: 'mailbox',
      name: localized('Mailbox', '开通企业邮箱'),
      team: fixed('collaboration-platforms'),
      dependsOn: ['accounts'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P2D' },
      checklist: ['创建邮箱并加入部门邮件组 / Mailbox created and added to department lists'],
    },
    {
      key: 'vpn',
      name: localized('VPN access', '开通 VPN'),
      description: localized('Only when the form asks for VPN.', '仅当表单勾选需要 VPN 时办理。'),
      team: fixed('identity-access'),
      dependsOn: ['accounts'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P2D' },
    },
    {
      key: 'collaboration-tools',
      name: localized('WeCom and online meetings', '企业微信与在线会议'),
      team: fixed('collaboration-platforms'),
      dependsOn: ['accounts'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P2D' },
      checklist: ['加入企业微信通讯录 / Added to the WeCom directory', '分配会议账号 / Meeting licence assigned'],
    },
    {
      key: 'business-access',
      name: localized('Business-system access by job role', '按岗位开通业务系统权限'),
      description: localized(
        'Grant POS, ERP, WMS and other roles from the job-role template.',
        '按岗位模板开通 POS、ERP、WMS 等系统角色。',
      ),
      team: fixed('application-support'),
      dependsOn: ['accounts'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P1D' },
    },
    {
      key: 'laptop',
      name: localized('Laptop', '准备笔记本电脑'),
      team: fixed('end-user-computing'),
      dependsOn: ['accounts'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P1D' },
      checklist: ['装机并加入域 / Imaged and joined to the domain', '送达工作地点 / Delivered to the work location'],
    },
  ],
  approvalPolicy: {
    stages: [
      {
        key: 'hiring-manager',
        name: localized('Hiring manager confirmation', '直属上级确认'),
        approvers: { kind: 'business-field', field: 'requester.manager' },
        mode: 'any',
      },
    ],
  },
  reminders: [
    {
      key: 'readiness-t-1',
      kind: 'readiness-report',
      name: localized('Day-before readiness report', '入职前一天就绪报告'),
      field: 'startDate',
      offset: '-P1D',
      atLocalTime: '09:00',
      timeZone: SHANGHAI,
    },
  ],
  promisedDelivery: { duration: 'P5D', basis: 'business-days' },
  audience: { departments: [], roles: ['people-manager', 'hr-business-partner'] },
};

// ---------------------------------------------------------------- 2. store opening

const storeOpening: DemoOffering = {
  code: 'store-opening-it',
  scenario: 'store-opening',
  department: 'it',
  name: localized('New store opening – IT readiness', '新店开业 IT 准备'),
  description: localized(
    'Network line, POS, CCTV and time clocks installed and tested, systems checked end to end, and a readiness report three days before opening.',
    '新店开业前完成网络专线、收银机、监控和考勤机的安装调试与系统联调，开业前三天出具就绪报告。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '新店信息 / New store',
    required: ['storeName', 'storeCode', 'region', 'address', 'openingDate', 'posCount', 'cameraCount'],
    additionalProperties: false,
    properties: {
      storeName: {
        type: 'string',
        title: '门店名称 / Store name',
        minLength: 1,
        maxLength: 100,
        examples: ['深圳南山海岸城店'],
      },
      storeCode: {
        type: 'string',
        title: '门店编码 / Store code',
        pattern: '^[A-Z]{2}[0-9]{4}$',
        examples: ['SZ0187'],
      },
      region: { ...regionField, title: '所属区域 / Region' },
      address: { type: 'string', title: '门店地址 / Address', minLength: 1, maxLength: 300 },
      // Two weeks is what the carriers need for a network line: an opening sooner than that cannot be ready.
      openingDate: {
        type: 'string',
        format: 'date',
        title: '开业日期 / Opening date',
        'x-date-rule': {
          minDaysAhead: 14,
          timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
        },
      },
      storeTimeZone: {
        type: 'string',
        format: 'time-zone',
        title: '门店时区 / Store time zone',
        default: 'Asia/Shanghai',
      },
      posCount: { type: 'integer', title: '收银机数量 / Number of POS tills', minimum: 1, maximum: 40, default: 6 },
      cameraCount: { type: 'integer', title: '摄像头数量 / Number of cameras', minimum: 0, maximum: 128, default: 16 },
    },
  },
  tasks: [
    {
      key: 'network-line',
      name: localized('Network line', '网络专线开通'),
      team: byRegion({ south: 'network-south', east: 'network-east', north: 'network-north' }),
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P14D' },
      checklist: [
        '专线到店并测速 / Line installed and speed-tested',
        '4G 备份链路可切换 / 4G backup fails over',
        '门店 VPN 隧道建立 / Store VPN tunnel up',
      ],
      // What the store's network is known by afterwards: the carrier's circuit id is needed for every fault report.
      outputSchema: {
        type: 'object',
        required: ['circuitId'],
        additionalProperties: false,
        properties: {
          circuitId: { type: 'string', title: '专线电路编号 / Circuit ID', minLength: 1, maxLength: 100 },
          bandwidthMbps: { type: 'integer', title: '带宽（Mbps）/ Bandwidth (Mbps)', minimum: 1 },
        },
      },
    },
    {
      key: 'pos',
      name: localized('POS tills installed and tested', '收银机安装与联调'),
      team: byRegion({ south: 'store-it-south', east: 'store-it-east', north: 'store-it-north' }),
      dependsOn: ['network-line'],
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' },
      checklist: [
        '收银机与扫码枪安装 / Tills and scanners installed',
        '试收银：现金、微信、支付宝 / Test sales: cash, WeChat Pay, Alipay',
      ],
    },
    {
      key: 'cctv',
      name: localized('CCTV installed', '视频监控安装'),
      team: byRegion({ south: 'store-it-south', east: 'store-it-east', north: 'store-it-north' }),
      dependsOn: ['network-line'],
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' },
      checklist: [
        '摄像头覆盖收银台与出入口 / Cameras cover tills and entrances',
        '总部安防中心可远程查看 / Visible from the head-office security centre',
      ],
      optionalChecklist: ['客流计数摄像头校准 / Footfall counter calibrated'],
    },
    {
      key: 'time-clock',
      name: localized('Time clock installed', '考勤机安装'),
      team: byRegion({ south: 'store-it-south', east: 'store-it-east', north: 'store-it-north' }),
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P5D' },
      checklist: ['员工人脸录入 / Staff faces enrolled', '打卡数据同步到人事系统 / Punches reach the HR system'],
    },
    {
      key: 'store-systems-check',
      name: localized('Store systems check and monitoring', '门店系统联调与监控接入'),
      team: fixed('monitoring-sre'),
      dependsOn: ['pos', 'cctv'],
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P4D' },
      checklist: [
        '门店设备接入监控 / Store devices monitored',
        '告警路由到区域门店 IT / Alerts routed to regional store IT',
      ],
    },
    {
      key: 'handover',
      name: localized('Handover to the store', '开业交接'),
      team: fixed('it-service-desk'),
      dependsOn: ['network-line', 'pos', 'cctv', 'time-clock', 'store-systems-check'],
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P1D' },
      checklist: [
        '店长签收 IT 交接单 / Store manager signs the IT handover',
        '告知服务台电话与报障方式 / Service desk contacts explained',
      ],
    },
  ],
  approvalPolicy: {
    stages: [
      {
        key: 'store-operations',
        name: localized('Regional store operations lead approval', '区域门店运营负责人审批'),
        approvers: { kind: 'business-field', field: 'region.store-operations-lead' },
        mode: 'any',
      },
    ],
  },
  reminders: [
    {
      key: 'readiness-t-3',
      kind: 'readiness-report',
      name: localized('T-3 days readiness report', '开业前 3 天就绪报告'),
      field: 'openingDate',
      offset: '-P3D',
      atLocalTime: '09:00',
      timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
    },
    {
      key: 'countdown-t-7',
      kind: 'reminder',
      name: localized('T-7 days reminder', '开业前 7 天提醒'),
      field: 'openingDate',
      offset: '-P7D',
      atLocalTime: '09:00',
      timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
    },
  ],
  promisedDelivery: { duration: 'P20D', basis: 'business-days' },
  audience: { departments: [], roles: ['store-development', 'regional-operations-manager', 'store-manager'] },
};

// ---------------------------------------------------------------- 3. campaign support

const campaignSupport: DemoOffering = {
  code: 'campaign-it-support',
  scenario: 'campaign-support',
  department: 'it',
  name: localized('Campaign / promotion IT support', '大促活动 IT 保障'),
  description: localized(
    'Capacity assessment, monitoring thresholds, an end-to-end rehearsal and a rollback plan before a big promotion such as 618, Double 11 or a store anniversary.',
    '618、双 11、店庆等大促前的容量评估、监控阈值调整、全链路演练和回退预案。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '活动信息 / Campaign',
    required: [
      'campaignName',
      'channels',
      'startDate',
      'endDate',
      'expectedPeakOrdersPerMinute',
      'businessServiceCodes',
    ],
    additionalProperties: false,
    properties: {
      campaignName: {
        type: 'string',
        title: '活动名称 / Campaign name',
        minLength: 1,
        maxLength: 100,
        examples: ['2025 双 11 大促'],
      },
      channels: {
        type: 'array',
        title: '活动渠道 / Channels',
        items: { type: 'string', enum: ['online', 'stores', 'app'] },
        minItems: 1,
        uniqueItems: true,
      },
      startDate: { type: 'string', format: 'date', title: '开始日期 / Start date' },
      endDate: { type: 'string', format: 'date', title: '结束日期 / End date' },
      expectedPeakOrdersPerMinute: {
        type: 'integer',
        title: '预计峰值订单量（笔/分钟） / Expected peak orders per minute',
        minimum: 1,
      },
      businessServiceCodes: {
        type: 'array',
        title: '涉及的业务服务 / Business services involved',
        items: { type: 'string', enum: DEMO_BUSINESS_SERVICES.map((s) => s.code) },
        minItems: 1,
        uniqueItems: true,
      },
    },
  },
  tasks: [
    {
      key: 'capacity-assessment',
      name: localized('Capacity assessment', '容量评估'),
      team: fixed('monitoring-sre'),
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P14D' },
      checklist: [
        '按峰值订单量评估扩容 / Scale-out sized for the expected peak',
        '确认云资源配额 / Cloud quotas confirmed',
      ],
    },
    {
      key: 'monitoring-thresholds',
      name: localized('Monitoring thresholds', '调整监控阈值'),
      team: fixed('monitoring-sre'),
      dependsOn: ['capacity-assessment'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P7D' },
    },
    {
      key: 'rehearsal',
      name: localized('End-to-end load test and rehearsal', '全链路压测与演练'),
      team: fixed('application-support'),
      dependsOn: ['capacity-assessment', 'monitoring-thresholds'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P3D' },
      checklist: [
        '压测达到峰值 1.5 倍 / Load test reaches 1.5× the peak',
        '演练支付降级 / Payment degradation rehearsed',
      ],
    },
    {
      key: 'rollback-plan',
      name: localized('Rollback plan', '回退预案'),
      team: fixed('application-support'),
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P5D' },
    },
  ],
  approvalPolicy: {
    stages: [
      {
        key: 'business-owner',
        name: localized('Business service owner approval', '业务服务负责人审批'),
        approvers: { kind: 'business-field', field: 'business-service.owner' },
        mode: 'any',
      },
      {
        key: 'change-managers',
        name: localized('Change managers sign-off', '变更经理会签'),
        approvers: { kind: 'role', role: 'change-manager' },
        mode: 'quorum',
        quorum: 2,
      },
    ],
  },
  reminders: [
    {
      key: 'readiness-t-7',
      kind: 'readiness-report',
      name: localized('T-7 days readiness report', '活动前 7 天就绪报告'),
      field: 'startDate',
      offset: '-P7D',
      atLocalTime: '09:00',
      timeZone: SHANGHAI,
    },
  ],
  promisedDelivery: { duration: 'P10D', basis: 'business-days' },
  audience: { departments: [], roles: ['marketing-manager', 'ecommerce-operations', 'store-operations'] },
};

// ---------------------------------------------------------------- 4. partner onboarding

const partnerOnboarding: DemoOffering = {
  code: 'partner-onboarding',
  scenario: 'partner-onboarding',
  department: 'it',
  name: localized('Partner onboarding', '合作伙伴接入'),
  description: localized(
    'Accounts, an access channel and system permissions for a supplier, logistics provider or agency, with a reminder before access expires.',
    '为供应商、物流商或代理商开通账号、接入通道和系统权限，到期自动提醒回收。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '合作伙伴信息 / Partner',
    required: [
      'partnerName',
      'partnerType',
      'contactEmail',
      'accessChannel',
      'systems',
      'accessStartDate',
      'accessEndDate',
    ],
    additionalProperties: false,
    properties: {
      partnerName: { type: 'string', title: '合作伙伴名称 / Partner name', minLength: 1, maxLength: 200 },
      partnerType: { type: 'string', title: '合作伙伴类型 / Partner type', enum: ['supplier', 'logistics', 'agency'] },
      contactEmail: { type: 'string', format: 'email', title: '对接人邮箱 / Contact email' },
      accessChannel: {
        type: 'string',
        title: '接入方式 / Access channel',
        description:
          'vpn 远程接入；api 接口对接；portal 供应商门户 / vpn remote access; api integration; portal supplier portal',
        enum: ['vpn', 'api', 'portal'],
      },
      systems: {
        type: 'array',
        title: '需访问的系统 / Systems',
        items: {
          type: 'string',
          enum: ['warehouse-management', 'order-management', 'erp-finance', 'supplier-portal', 'edi'],
        },
        minItems: 1,
        uniqueItems: true,
      },
      accessStartDate: { type: 'string', format: 'date', title: '访问开始日期 / Access from' },
      accessEndDate: { type: 'string', format: 'date', title: '访问截止日期 / Access until' },
    },
  },
  tasks: [
    {
      key: 'partner-accounts',
      name: localized('Partner accounts', '开通合作伙伴账号'),
      team: fixed('identity-access'),
      due: { relativeTo: 'form-field', field: 'accessStartDate', offset: '-P2D' },
      checklist: ['账号设置到期日 / Accounts expire on the access end date', '强制多因素认证 / MFA enforced'],
    },
    {
      key: 'access-channel',
      name: localized('Access channel', '开通接入通道'),
      description: localized(
        'VPN is set up by the head-office (Shenzhen) network team; API and portal access by Security Operations.',
        'VPN 由总部（深圳）网络组开通；API 与门户由安全运营中心配置。',
      ),
      team: {
        kind: 'by-field',
        field: 'accessChannel',
        mapping: { vpn: 'network-south', api: 'security-operations', portal: 'security-operations' },
      },
      due: { relativeTo: 'form-field', field: 'accessStartDate', offset: '-P2D' },
    },
    {
      key: 'permissions',
      name: localized('System permissions', '授予系统权限'),
      team: fixed('identity-access'),
      dependsOn: ['partner-accounts', 'access-channel'],
      due: { relativeTo: 'form-field', field: 'accessStartDate', offset: '-P1D' },
      checklist: [
        '按最小权限授予 / Least privilege granted',
        '权限清单发给申请人确认 / Permission list confirmed by the requester',
      ],
    },
  ],
  approvalPolicy: {
    stages: [
      MANAGER_APPROVAL,
      {
        key: 'security',
        name: localized('Security approval', '信息安全审批'),
        approvers: { kind: 'role', role: 'security-officer' },
        mode: 'all',
      },
    ],
  },
  reminders: [
    {
      key: 'access-expiry',
      kind: 'reminder',
      name: localized('Access expires in 7 days', '访问到期前 7 天提醒'),
      field: 'accessEndDate',
      offset: '-P7D',
      atLocalTime: '10:00',
      timeZone: SHANGHAI,
    },
  ],
  promisedDelivery: { duration: 'P7D', basis: 'business-days' },
  audience: { departments: [], roles: ['procurement', 'supply-chain-manager', 'marketing-manager'] },
};

// ---------------------------------------------------------------- HR desk

const employmentCertificate: DemoOffering = {
  code: 'employment-certificate',
  scenario: 'employment-certificate',
  department: 'hr',
  name: localized('Employment certificate', '在职证明'),
  description: localized(
    'A certificate of employment or income, for a visa, a loan, renting and the like.',
    '开具在职证明或收入证明，用于签证、贷款、租房等。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '证明申请 / Certificate request',
    required: ['certificateType', 'purpose', 'language', 'copies', 'delivery'],
    additionalProperties: false,
    properties: {
      certificateType: {
        type: 'string',
        title: '证明类型 / Certificate',
        enum: ['employment', 'employment-with-income'],
      },
      purpose: { type: 'string', title: '用途 / Purpose', enum: ['visa', 'loan', 'housing', 'other'] },
      language: { type: 'string', title: '语言 / Language', enum: ['zh-CN', 'en', 'both'], default: 'zh-CN' },
      copies: { type: 'integer', title: '份数 / Copies', minimum: 1, maximum: 5, default: 1 },
      delivery: {
        type: 'string',
        title: '领取方式 / Delivery',
        enum: ['electronic', 'pickup', 'mail'],
        default: 'electronic',
      },
      neededBy: { type: 'string', format: 'date', title: '最晚需要日期 / Needed by' },
    },
  },
  tasks: [
    {
      key: 'issue-certificate',
      name: localized('Issue and stamp the certificate', '开具并盖章'),
      team: fixed('hr-operations'),
      due: { relativeTo: 'submission', offset: 'P2D' },
      checklist: ['核对在职与收入信息 / Employment and income details checked', '加盖人事章 / HR seal applied'],
    },
  ],
  approvalPolicy: { stages: [] },
  reminders: [],
  promisedDelivery: { duration: 'P3D', basis: 'business-days' },
  audience: { departments: [], roles: [] },
};

const leaveOfAbsence: DemoOffering = {
  code: 'leave-of-absence-request',
  scenario: 'leave-of-absence',
  department: 'hr',
  name: localized('Leave of absence request', '停薪留职申请'),
  description: localized(
    'Unpaid leave for study, family care and similar reasons: the agreement, and what happens to social insurance and the housing fund.',
    '因深造、照顾家人等原因申请停薪留职，办理协议签订及社保、公积金安排。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '停薪留职 / Leave of absence',
    required: ['reason', 'startDate', 'endDate', 'handoverTo'],
    additionalProperties: false,
    properties: {
      reason: { type: 'string', title: '原因 / Reason', enum: ['further-study', 'family-care', 'health', 'other'] },
      startDate: { type: 'string', format: 'date', title: '开始日期 / From' },
      endDate: { type: 'string', format: 'date', title: '预计返岗日期 / Expected return' },
      handoverTo: { type: 'string', title: '工作交接人 / Work handed over to', minLength: 1, maxLength: 100 },
      notes: { type: 'string', title: '补充说明 / Notes', maxLength: 1000 },
    },
  },
  tasks: [
    {
      key: 'leave-agreement',
      name: localized('Leave agreement signed', '签订停薪留职协议'),
      team: fixed('hr-operations'),
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P3D' },
    },
    {
      key: 'social-insurance',
      name: localized('Social insurance and housing fund', '社保与公积金安排'),
      team: fixed('hr-operations'),
      dependsOn: ['leave-agreement'],
      due: { relativeTo: 'form-field', field: 'startDate', offset: '-P1D' },
    },
  ],
  approvalPolicy: {
    stages: [
      MANAGER_APPROVAL,
      {
        key: 'department-head',
        name: localized('Department head approval', '部门负责人审批'),
        approvers: { kind: 'business-field', field: 'department.head' },
        mode: 'any',
      },
    ],
  },
  reminders: [
    {
      key: 'return-to-work',
      kind: 'reminder',
      name: localized('Return to work in 14 days', '返岗前 14 天提醒'),
      field: 'endDate',
      offset: '-P14D',
      atLocalTime: '09:00',
      timeZone: SHANGHAI,
    },
  ],
  promisedDelivery: { duration: 'P10D', basis: 'business-days' },
  audience: { departments: [], roles: [] },
};

// ---------------------------------------------------------------- Facilities desk

/** Facilities has teams in the south and east; the east team also covers the northern offices. */
const facilitiesByRegion = byRegion({ south: 'facilities-south', east: 'facilities-east', north: 'facilities-east' });

const workplaceRepair: DemoOffering = {
  code: 'workplace-repair',
  scenario: 'workplace-repair',
  department: 'facilities',
  name: localized('Workplace repair', '办公设施报修'),
  description: localized(
    'Report a broken office facility: power, plumbing, air conditioning, door access, furniture.',
    '办公室的水电、空调、门禁、桌椅等设施故障报修。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '报修信息 / Repair request',
    required: ['region', 'location', 'category', 'urgency', 'problem'],
    additionalProperties: false,
    properties: {
      region: { ...regionField, title: '所在区域 / Region' },
      location: {
        type: 'string',
        title: '具体位置（楼层、房间） / Location (floor, room)',
        minLength: 1,
        maxLength: 200,
      },
      category: {
        type: 'string',
        title: '故障类别 / Category',
        enum: ['electrical', 'plumbing', 'air-conditioning', 'door-access', 'furniture', 'other'],
      },
      urgency: { type: 'string', title: '紧急程度 / Urgency', enum: ['normal', 'urgent'], default: 'normal' },
      problem: { type: 'string', title: '问题描述 / What is wrong', minLength: 1, maxLength: 2000 },
    },
  },
  tasks: [
    {
      key: 'repair',
      name: localized('On-site repair', '上门维修'),
      team: facilitiesByRegion,
      due: { relativeTo: 'submission', offset: 'P2D' },
      checklist: ['维修后请报修人确认 / Requester confirms the fix'],
    },
  ],
  approvalPolicy: { stages: [] },
  reminders: [],
  promisedDelivery: { duration: 'P3D', basis: 'business-days' },
  audience: { departments: [], roles: [] },
};

const meetingRoomSetup: DemoOffering = {
  code: 'meeting-room-setup',
  scenario: 'meeting-room-setup',
  department: 'facilities',
  name: localized('Meeting room setup', '会议室布置'),
  description: localized(
    'A meeting room arranged for a large meeting, a training or visitors, with refreshments and name cards if needed.',
    '为大型会议、培训或来访接待布置会议室，可提供茶歇与桌牌。',
  ),
  formSchema: {
    $schema: JSON_SCHEMA_2020,
    type: 'object',
    title: '会议信息 / Meeting',
    required: ['region', 'room', 'meetingDate', 'startTime', 'attendees', 'layout'],
    additionalProperties: false,
    properties: {
      region: { ...regionField, title: '所在区域 / Region' },
      room: { type: 'string', title: '会议室 / Room', minLength: 1, maxLength: 100 },
      meetingDate: { type: 'string', format: 'date', title: '会议日期 / Date' },
      startTime: {
        type: 'string',
        title: '开始时间 / Start time',
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        examples: ['14:00'],
      },
      attendees: { type: 'integer', title: '参会人数 / Attendees', minimum: 1, maximum: 300 },
      layout: { type: 'string', title: '布置方式 / Layout', enum: ['boardroom', 'classroom', 'theatre', 'u-shape'] },
      extras: {
        type: 'array',
        title: '其他需求 / Extras',
        items: { type: 'string', enum: ['refreshments', 'name-cards', 'banner', 'flowers'] },
        uniqueItems: true,
      },
    },
  },
  tasks: [
    {
      key: 'room-setup',
      name: localized('Arrange the room', '布置会议室'),
      team: facilitiesByRegion,
      // Ready by 08:00 on the day.
      due: { relativeTo: 'form-field', field: 'meetingDate', offset: 'PT8H' },
    },
  ],
  approvalPolicy: { stages: [] },
  reminders: [
    {
      key: 'day-before',
      kind: 'reminder',
      name: localized('Confirm the day before', '会前一天确认'),
      field: 'meetingDate',
      offset: '-P1D',
      atLocalTime: '16:00',
      timeZone: SHANGHAI,
    },
  ],
  promisedDelivery: { duration: 'P2D', basis: 'business-days' },
  audience: { departments: [], roles: [] },
};

export const DEMO_OFFERINGS: DemoOffering[] = [
  employeeOnboarding,
  storeOpening,
  campaignSupport,
  partnerOnboarding,
  employmentCertificate,
  leaveOfAbsence,
  workplaceRepair,
  meetingRoomSetup,
];
