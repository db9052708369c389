import type { TeamMember } from '@itsm/contracts';
import type {
  DemoBusinessLine,
  DemoBusinessService,
  DemoDepartment,
  DemoRegion,
  DemoRegionData,
  DemoTeam,
} from './demo-business.types';

/*
 * 禾悦零售 (Heyue Retail): a store chain headquartered in Shenzhen, with stores, warehouses and
 * regional offices in South, East and North China, an online store and a WeChat mini-program.
 */

export const DEMO_REGIONS: DemoRegionData[] = [
  { code: 'cn-south', name: { 'zh-CN': '华南', en: 'South China' } },
  { code: 'cn-east', name: { 'zh-CN': '华东', en: 'East China' } },
  { code: 'cn-north', name: { 'zh-CN': '华北', en: 'North China' } },
];

export const ALL_REGIONS: DemoRegion[] = DEMO_REGIONS.map((r) => r.code);

/** A team member from a login like 'zhang.wei': user id 'u-zhang.wei', mail at example.com. */
function person(login: string, displayName: string, role: TeamMember['role'] = 'member'): TeamMember {
  return { userId: `u-${login}`, displayName, email: `${login}@example.com`, role };
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  {
    code: 'it',
    kind: 'it',
    name: { 'zh-CN': '信息技术部', en: 'IT' },
    description: {
      'zh-CN': 'IT 服务台：账号权限、办公电脑、网络、门店系统及业务系统支持。',
      en: 'IT service desk: accounts and access, laptops, network, store systems and business applications.',
    },
  },
  {
    code: 'hr',
    kind: 'hr',
    name: { 'zh-CN': '人力资源部', en: 'Human Resources' },
    description: {
      'zh-CN': 'HR 服务台：入离职办理、各类证明开具、假期与员工关系。',
      en: 'HR service desk: joining and leaving, certificates, leave and employee relations.',
    },
  },
  {
    code: 'facilities',
    kind: 'facilities',
    name: { 'zh-CN': '行政后勤部', en: 'Facilities' },
    description: {
      'zh-CN': '办公场地与设施维修、会议室服务、门店物业对接。',
      en: 'Offices and repairs, meeting-room services, and liaison with store landlords.',
    },
  },
  {
    code: 'finance',
    kind: 'finance',
    name: { 'zh-CN': '财务部', en: 'Finance' },
    description: {
      'zh-CN': '费用报销、供应商付款、发票及财务系统相关事务。',
      en: 'Expense claims, supplier payments, invoices and the finance systems.',
    },
  },
  {
    code: 'legal',
    kind: 'legal',
    name: { 'zh-CN': '法务部', en: 'Legal' },
    description: {
      'zh-CN': '合同审核、合规咨询与知识产权事务。',
      en: 'Contract review, compliance advice and intellectual property.',
    },
  },
];

export const DEMO_TEAMS: DemoTeam[] = [
  // ---------------------------------------------------------------- IT
  {
    code: 'it-service-desk',
    department: 'it',
    name: { 'zh-CN': 'IT 服务台', en: 'IT Service Desk' },
    regions: ALL_REGIONS,
    members: [
      person('zhang.wei', '张伟', 'lead'),
      person('li.na', '李娜'),
      person('wang.lei', '王磊'),
      person('liu.yang', '刘洋'),
    ],
  },
  {
    code: 'identity-access',
    department: 'it',
    name: { 'zh-CN': '身份与权限管理组', en: 'Identity & Access Management' },
    regions: ALL_REGIONS,
    members: [person('chen.jing', '陈静', 'lead'), person('yang.fan', '杨帆'), person('zhao.min', '赵敏')],
  },
  {
    code: 'end-user-computing',
    department: 'it',
    name: { 'zh-CN': '桌面终端支持组', en: 'End-User Computing' },
    regions: ALL_REGIONS,
    members: [person('huang.zhiqiang', '黄志强', 'lead'), person('zhou.ting', '周婷'), person('wu.hao', '吴昊')],
  },
  {
    code: 'collaboration-platforms',
    department: 'it',
    name: { 'zh-CN': '协同办公平台组', en: 'Collaboration Platforms' },
    regions: ALL_REGIONS,
    members: [person('xu.li', '徐丽', 'lead'), person('sun.haoran', '孙浩然'), person('ma.chao', '马超')],
  },
  {
    code: 'network-south',
    department: 'it',
    name: { 'zh-CN': '华南网络组', en: 'Network – South' },
    regions: ['cn-south'],
    members: [person('guo.jianhua', '郭建华', 'lead'), person('he.wenjie', '何文杰'), person('lin.xiaodong', '林晓东')],
  },
  {
    code: 'network-east',
    department: 'it',
    name: { 'zh-CN': '华东网络组', en: 'Network – East' },
    regions: ['cn-east'],
    members: [person('shen.jiayi', '沈佳怡', 'lead'), person('gu.chen', '顾晨'), person('lu.yiming', '陆一鸣')],
  },
  {
    code: 'network-north',
    department: 'it',
    name: { 'zh-CN': '华北网络组', en: 'Network – North' },
    regions: ['cn-north'],
    members: [person('gao.jianguo', '高建国', 'lead'), person('han.bing', '韩冰'), person('feng.yu', '冯宇')],
  },
  {
    code: 'store-it-south',
    department: 'it',
    name: { 'zh-CN': '华南门店 IT 组', en: 'Store IT – South' },
    regions: ['cn-south'],
    members: [
      person('liang.jiahao', '梁嘉豪', 'lead'),
      person('luo.zhiming', '罗志明'),
      person('deng.ying', '邓颖'),
      person('xie.wei', '谢伟'),
    ],
  },
  {
    code: 'store-it-east',
    department: 'it',
    name: { 'zh-CN': '华东门店 IT 组', en: 'Store IT – East' },
    regions: ['cn-east'],
    members: [
      person('zhu.xiaofeng', '朱晓峰', 'lead'),
      person('qian.fang', '钱芳'),
      person('jiang.tao', '蒋涛'),
      person('yao.jia', '姚佳'),
    ],
  },
  {
    code: 'store-it-north',
    department: 'it',
    name: { 'zh-CN': '华北门店 IT 组', en: 'Store IT – North' },
    regions: ['cn-north'],
    members: [person('cao.lixin', '曹立新', 'lead'), person('tian.ye', '田野'), person('dong.xue', '董雪')],
  },
  {
    code: 'security-operations',
    department: 'it',
    name: { 'zh-CN': '安全运营中心', en: 'Security Operations' },
    regions: ALL_REGIONS,
    members: [person('xu.zhenyu', '许振宇', 'lead'), person('song.yutong', '宋雨桐'), person('tang.jun', '唐俊')],
  },
  {
    code: 'application-support',
    department: 'it',
    name: { 'zh-CN': '业务应用支持组', en: 'Application Support' },
    regions: ALL_REGIONS,
    members: [
      person('pan.zhiyuan', '潘志远', 'lead'),
      person('fan.xiaolin', '范晓琳'),
      person('peng.bo', '彭博'),
      person('cheng.ya', '程雅'),
    ],
  },
  {
    code: 'monitoring-sre',
    department: 'it',
    name: { 'zh-CN': '监控与稳定性保障组', en: 'Monitoring & SRE' },
    regions: ALL_REGIONS,
    members: [person('yuan.ye', '袁野', 'lead'), person('cai.mingxuan', '蔡明轩'), person('wei.wei', '魏巍')],
  },
  // ---------------------------------------------------------------- HR
  {
    code: 'hr-operations',
    department: 'hr',
    name: { 'zh-CN': '人事运营组', en: 'HR Operations' },
    regions: ALL_REGIONS,
    members: [person('su.wan', '苏婉', 'lead'), person('ye.qing', '叶青'), person('lyu.jia', '吕佳')],
  },
  {
    code: 'hr-onboarding',
    department: 'hr',
    name: { 'zh-CN': '入职服务组', en: 'HR Onboarding' },
    regions: ALL_REGIONS,
    members: [person('ren.xiaoyan', '任晓燕', 'lead'), person('shao.dan', '邵丹')],
  },
  // ---------------------------------------------------------------- Facilities
  {
    code: 'facilities-south',
    department: 'facilities',
    name: { 'zh-CN': '华南行政后勤组', en: 'Facilities – South' },
    regions: ['cn-south'],
    members: [person('zhong.guoqiang', '钟国强', 'lead'), person('li.min', '黎敏'), person('ou.jianwen', '欧建文')],
  },
  {
    code: 'facilities-east',
    department: 'facilities',
    name: { 'zh-CN': '华东行政后勤组', en: 'Facilities – East' },
    // Also looks after the northern offices, which are too small for a team of their own.
    regions: ['cn-east', 'cn-north'],
    members: [person('kong.weimin', '孔伟民', 'lead'), person('jin.jing', '金晶')],
  },
  // ---------------------------------------------------------------- Finance and Legal
  {
    code: 'finance-operations',
    department: 'finance',
    name: { 'zh-CN': '财务运营组', en: 'Finance Operations' },
    regions: ALL_REGIONS,
    members: [person('fang.min', '方敏', 'lead'), person('xia.yu', '夏雨'), person('bai.xue', '白雪')],
  },
  {
    code: 'legal-contracts',
    department: 'legal',
    name: { 'zh-CN': '合同法务组', en: 'Legal Contracts' },
    regions: ALL_REGIONS,
    members: [person('wang.jingyi', '汪静怡', 'lead'), person('yan.lang', '严朗')],
  },
];

export const DEMO_BUSINESS_LINES: DemoBusinessLine[] = [
  {
    code: 'retail-stores',
    name: { 'zh-CN': '门店零售', en: 'Retail Stores' },
    description: {
      'zh-CN': '华南、华东、华北约 300 家直营门店的销售与运营。',
      en: 'Sales and operations of about 300 company-run stores in South, East and North China.',
    },
  },
  {
    code: 'e-commerce',
    name: { 'zh-CN': '电商', en: 'E-commerce' },
    description: {
      'zh-CN': '官方商城、微信小程序及各大电商平台旗舰店。',
      en: 'The online store, the WeChat mini-program and flagship stores on the major marketplaces.',
    },
  },
  {
    code: 'supply-chain',
    name: { 'zh-CN': '供应链', en: 'Supply Chain' },
    description: {
      'zh-CN': '采购、区域仓储与门店配送。',
      en: 'Purchasing, regional warehouses and store deliveries.',
    },
  },
  {
    code: 'corporate-functions',
    name: { 'zh-CN': '职能部门', en: 'Corporate Functions' },
    description: {
      'zh-CN': '总部人力、财务、法务与行政等职能。',
      en: 'Head-office HR, finance, legal and administration.',
    },
  },
];

const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const DEMO_BUSINESS_SERVICES: DemoBusinessService[] = [
  {
    code: 'pos-checkout',
    businessLine: 'retail-stores',
    name: { 'zh-CN': '门店收银', en: 'POS checkout' },
    description: {
      'zh-CN': '门店收银机、扫码支付与会员积分，停机即无法结账。',
      en: 'Store tills, QR-code payment and loyalty points; when it is down, stores cannot take payment.',
    },
    criticality: 'critical',
    ownerName: '李建平',
    ownerEmail: 'li.jianping@example.com',
    downtimeCostPerHour: cny(180_000),
    typicalUsersAffected: 4_200,
    labels: { service: 'pos-checkout', tier: 'store' },
  },
  {
    code: 'store-network',
    businessLine: 'retail-stores',
    name: { 'zh-CN': '门店网络', en: 'Store network' },
    description: {
      'zh-CN': '门店专线、4G 备份链路与店内 Wi-Fi，收银、监控和考勤都依赖它。',
      en: 'Store lines, 4G backup and in-store Wi-Fi that POS, CCTV and time clocks depend on.',
    },
    criticality: 'critical',
    ownerName: '陈志刚',
    ownerEmail: 'chen.zhigang@example.com',
    downtimeCostPerHour: cny(150_000),
    typicalUsersAffected: 6_000,
    labels: { service: 'store-network', tier: 'store' },
  },
  {
    code: 'online-store',
    businessLine: 'e-commerce',
    name: { 'zh-CN': '线上商城', en: 'Online store' },
    description: {
      'zh-CN': '官方商城网站与微信小程序的商品浏览、下单与会员服务。',
      en: 'Browsing, ordering and membership on the web store and the WeChat mini-program.',
    },
    criticality: 'critical',
    ownerName: '王晓雯',
    ownerEmail: 'wang.xiaowen@example.com',
    downtimeCostPerHour: cny(260_000),
    typicalUsersAffected: 80_000,
    labels: { service: 'online-store', tier: 'web' },
  },
  {
    code: 'payment-gateway',
    businessLine: 'e-commerce',
    name: { 'zh-CN': '支付网关', en: 'Payment gateway' },
    description: {
      'zh-CN': '对接微信支付、支付宝和银联，线上线下交易共用。',
      en: 'WeChat Pay, Alipay and UnionPay for both online and in-store transactions.',
    },
    criticality: 'critical',
    ownerName: '赵立军',
    ownerEmail: 'zhao.lijun@example.com',
    downtimeCostPerHour: cny(300_000),
    typicalUsersAffected: 100_000,
    labels: { service: 'payment-gateway', tier: 'core' },
  },
  {
    code: 'order-management',
    businessLine: 'e-commerce',
    name: { 'zh-CN': '订单管理', en: 'Order management' },
    description: {
      'zh-CN': '订单中心（OMS）：拆单、履约、退换货与门店自提。',
      en: 'Order management system (OMS): order splitting, fulfilment, returns and click-and-collect.',
    },
    criticality: 'high',
    ownerName: '王晓雯',
    ownerEmail: 'wang.xiaowen@example.com',
    downtimeCostPerHour: cny(90_000),
    typicalUsersAffected: 1_500,
    labels: { service: 'order-management', tier: 'core' },
  },
  {
    code: 'warehouse-management',
    businessLine: 'supply-chain',
    name: { 'zh-CN': '仓储管理', en: 'Warehouse management' },
    description: {
      'zh-CN': '区域仓储管理系统（WMS）：收货、拣货、出库与门店补货。',
      en: 'Warehouse management system (WMS) in the regional warehouses: receiving, picking, dispatch and store replenishment.',
    },
    criticality: 'high',
    ownerName: '刘海峰',
    ownerEmail: 'liu.haifeng@example.com',
    downtimeCostPerHour: cny(60_000),
    typicalUsersAffected: 800,
    labels: { service: 'warehouse-management', tier: 'warehouse' },
  },
  {
    code: 'email-collaboration',
    businessLine: 'corporate-functions',
    name: { 'zh-CN': '邮件与协同办公', en: 'Email & collaboration' },
    description: {
      'zh-CN': '企业邮箱、企业微信、在线会议与共享文档。',
      en: 'Corporate mail, WeCom instant messaging, online meetings and shared documents.',
    },
    criticality: 'medium',
    ownerName: '周建明',
    ownerEmail: 'zhou.jianming@example.com',
    downtimeCostPerHour: cny(20_000),
    typicalUsersAffected: 9_000,
    labels: { service: 'email-collaboration', tier: 'saas' },
  },
  {
    code: 'hr-system',
    businessLine: 'corporate-functions',
    name: { 'zh-CN': '人事系统', en: 'HR system' },
    description: {
      'zh-CN': '员工档案、薪酬与员工自助服务。',
      en: 'Employee records, payroll and employee self-service.',
    },
    criticality: 'medium',
    ownerName: '孙慧',
    ownerEmail: 'sun.hui@example.com',
    downtimeCostPerHour: cny(8_000),
    typicalUsersAffected: 9_500,
    labels: { service: 'hr-system', tier: 'saas' },
  },
  {
    code: 'erp-finance',
    businessLine: 'corporate-functions',
    name: { 'zh-CN': 'ERP 财务', en: 'ERP finance' },
    description: {
      'zh-CN': 'ERP 总账、应付应收与月结。',
      en: 'ERP general ledger, payables, receivables and month-end close.',
    },
    criticality: 'high',
    ownerName: '钱永红',
    ownerEmail: 'qian.yonghong@example.com',
    downtimeCostPerHour: cny(50_000),
    typicalUsersAffected: 400,
    labels: { service: 'erp-finance', tier: 'core' },
  },
  {
    code: 'cctv',
    businessLine: 'retail-stores',
    name: { 'zh-CN': '门店视频监控', en: 'Store CCTV' },
    description: {
      'zh-CN': '门店摄像头、录像存储与总部安防中心远程查看。',
      en: 'Store cameras, recording and remote viewing from the head-office security centre.',
    },
    criticality: 'medium',
    ownerName: '高峰',
    ownerEmail: 'gao.feng@example.com',
    downtimeCostPerHour: cny(15_000),
    typicalUsersAffected: 300,
    labels: { service: 'cctv', tier: 'store' },
  },
  {
    code: 'time-attendance',
    businessLine: 'retail-stores',
    name: { 'zh-CN': '考勤', en: 'Time & attendance' },
    description: {
      'zh-CN': '门店人脸考勤机、排班与工时统计，数据同步到人事系统。',
      en: 'Face-recognition time clocks, shift rosters and working hours in stores, synced to the HR system.',
    },
    criticality: 'medium',
    ownerName: '孙慧',
    ownerEmail: 'sun.hui@example.com',
    downtimeCostPerHour: cny(10_000),
    typicalUsersAffected: 7_000,
    labels: { service: 'time-attendance', tier: 'store' },
  },
  {
    code: 'vpn',
    businessLine: 'corporate-functions',
    name: { 'zh-CN': '远程接入 VPN', en: 'VPN' },
    description: {
      'zh-CN': '员工及合作伙伴远程访问内网系统。',
      en: 'Remote access to internal systems for staff and partners.',
    },
    criticality: 'high',
    ownerName: '陈志刚',
    ownerEmail: 'chen.zhigang@example.com',
    downtimeCostPerHour: cny(30_000),
    typicalUsersAffected: 2_500,
    labels: { service: 'vpn', tier: 'edge' },
  },
];
