import type { TeamMember } from '@itsm/contracts';
import type {
  DemoBusinessLine,
  DemoBusinessService,
  DemoDepartment,
  DemoRegion,
  DemoRegionData,
  DemoTeam,
} from './demo-business.types';
import { localized } from '@itsm/contracts';

/*
 * 禾悦零售 (Heyue Retail): a store chain headquartered in Shenzhen, with stores, warehouses and
 * regional offices in South, East and North China, an online store and a WeChat mini-program.
 */

export const DEMO_REGIONS: DemoRegionData[] = [
  { code: 'cn-south', name: localized('South China', '华南') },
  { code: 'cn-east', name: localized('East China', '华东') },
  { code: 'cn-north', name: localized('North China', '华北') },
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
    name: localized('IT', '信息技术部'),
    description: localized(
      'IT service desk: accounts and access, laptops, network, store systems and business applications.',
      'IT 服务台：账号权限、办公电脑、网络、门店系统及业务系统支持。',
    ),
  },
  {
    code: 'hr',
    kind: 'hr',
    name: localized('Human Resources', '人力资源部'),
    description: localized(
      'HR service desk: joining and leaving, certificates, leave and employee relations.',
      'HR 服务台：入离职办理、各类证明开具、假期与员工关系。',
    ),
  },
  {
    code: 'facilities',
    kind: 'facilities',
    name: localized('Facilities', '行政后勤部'),
    description: localized(
      'Offices and repairs, meeting-room services, and liaison with store landlords.',
      '办公场地与设施维修、会议室服务、门店物业对接。',
    ),
  },
  {
    code: 'finance',
    kind: 'finance',
    name: localized('Finance', '财务部'),
    description: localized(
      'Expense claims, supplier payments, invoices and the finance systems.',
      '费用报销、供应商付款、发票及财务系统相关事务。',
    ),
  },
  {
    code: 'legal',
    kind: 'legal',
    name: localized('Legal', '法务部'),
    description: localized(
      'Contract review, compliance advice and intellectual property.',
      '合同审核、合规咨询与知识产权事务。',
    ),
  },
];

export const DEMO_TEAMS: DemoTeam[] = [
  // ---------------------------------------------------------------- IT
  {
    code: 'it-service-desk',
    department: 'it',
    name: localized('IT Service Desk', 'IT 服务台'),
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
    name: localized('Identity & Access Management', '身份与权限管理组'),
    regions: ALL_REGIONS,
    members: [person('chen.jing', '陈静', 'lead'), person('yang.fan', '杨帆'), person('zhao.min', '赵敏')],
  },
  {
    code: 'end-user-computing',
    department: 'it',
    name: localized('End-User Computing', '桌面终端支持组'),
    regions: ALL_REGIONS,
    members: [person('huang.zhiqiang', '黄志强', 'lead'), person('zhou.ting', '周婷'), person('wu.hao', '吴昊')],
  },
  {
    code: 'collaboration-platforms',
    department: 'it',
    name: localized('Collaboration Platforms', '协同办公平台组'),
    regions: ALL_REGIONS,
    members: [person('xu.li', '徐丽', 'lead'), person('sun.haoran', '孙浩然'), person('ma.chao', '马超')],
  },
  {
    code: 'network-south',
    department: 'it',
    name: localized('Network – South', '华南网络组'),
    regions: ['cn-south'],
    members: [person('guo.jianhua', '郭建华', 'lead'), person('he.wenjie', '何文杰'), person('lin.xiaodong', '林晓东')],
  },
  {
    code: 'network-east',
    department: 'it',
    name: localized('Network – East', '华东网络组'),
    regions: ['cn-east'],
    members: [person('shen.jiayi', '沈佳怡', 'lead'), person('gu.chen', '顾晨'), person('lu.yiming', '陆一鸣')],
  },
  {
    code: 'network-north',
    department: 'it',
    name: localized('Network – North', '华北网络组'),
    regions: ['cn-north'],
    members: [person('gao.jianguo', '高建国', 'lead'), person('han.bing', '韩冰'), person('feng.yu', '冯宇')],
  },
  {
    code: 'store-it-south',
    department: 'it',
    name: localized('Store IT – South', '华南门店 IT 组'),
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
    name: localized('Store IT – East', '华东门店 IT 组'),
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
    name: localized('Store IT – North', '华北门店 IT 组'),
    regions: ['cn-north'],
    members: [person('cao.lixin', '曹立新', 'lead'), person('tian.ye', '田野'), person('dong.xue', '董雪')],
  },
  {
    code: 'security-operations',
    department: 'it',
    name: localized('Security Operations', '安全运营中心'),
    regions: ALL_REGIONS,
    members: [person('xu.zhenyu', '许振宇', 'lead'), person('song.yutong', '宋雨桐'), person('tang.jun', '唐俊')],
  },
  {
    code: 'application-support',
    department: 'it',
    name: localized('Application Support', '业务应用支持组'),
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
    name: localized('Monitoring & SRE', '监控与稳定性保障组'),
    regions: ALL_REGIONS,
    members: [person('yuan.ye', '袁野', 'lead'), person('cai.mingxuan', '蔡明轩'), person('wei.wei', '魏巍')],
  },
  // ---------------------------------------------------------------- HR
  {
    code: 'hr-operations',
    department: 'hr',
    name: localized('HR Operations', '人事运营组'),
    regions: ALL_REGIONS,
    members: [person('su.wan', '苏婉', 'lead'), person('ye.qing', '叶青'), person('lyu.jia', '吕佳')],
  },
  {
    code: 'hr-onboarding',
    department: 'hr',
    name: localized('HR Onboarding', '入职服务组'),
    regions: ALL_REGIONS,
    members: [person('ren.xiaoyan', '任晓燕', 'lead'), person('shao.dan', '邵丹')],
  },
  // ---------------------------------------------------------------- Facilities
  {
    code: 'facilities-south',
    department: 'facilities',
    name: localized('Facilities – South', '华南行政后勤组'),
    regions: ['cn-south'],
    members: [person('zhong.guoqiang', '钟国强', 'lead'), person('li.min', '黎敏'), person('ou.jianwen', '欧建文')],
  },
  {
    code: 'facilities-east',
    department: 'facilities',
    name: localized('Facilities – East', '华东行政后勤组'),
    // Also looks after the northern offices, which are too small for a team of their own.
    regions: ['cn-east', 'cn-north'],
    members: [person('kong.weimin', '孔伟民', 'lead'), person('jin.jing', '金晶')],
  },
  // ---------------------------------------------------------------- Finance and Legal
  {
    code: 'finance-operations',
    department: 'finance',
    name: localized('Finance Operations', '财务运营组'),
    regions: ALL_REGIONS,
    members: [person('fang.min', '方敏', 'lead'), person('xia.yu', '夏雨'), person('bai.xue', '白雪')],
  },
  {
    code: 'legal-contracts',
    department: 'legal',
    name: localized('Legal Contracts', '合同法务组'),
    regions: ALL_REGIONS,
    members: [person('wang.jingyi', '汪静怡', 'lead'), person('yan.lang', '严朗')],
  },
];

export const DEMO_BUSINESS_LINES: DemoBusinessLine[] = [
  {
    code: 'retail-stores',
    name: localized('Retail Stores', '门店零售'),
    description: localized(
      'Sales and operations of about 300 company-run stores in South, East and North China.',
      '华南、华东、华北约 300 家直营门店的销售与运营。',
    ),
  },
  {
    code: 'e-commerce',
    name: localized('E-commerce', '电商'),
    description: localized(
      'The online store, the WeChat mini-program and flagship stores on the major marketplaces.',
      '官方商城、微信小程序及各大电商平台旗舰店。',
    ),
  },
  {
    code: 'supply-chain',
    name: localized('Supply Chain', '供应链'),
    description: localized('Purchasing, regional warehouses and store deliveries.', '采购、区域仓储与门店配送。'),
  },
  {
    code: 'corporate-functions',
    name: localized('Corporate Functions', '职能部门'),
    description: localized('Head-office HR, finance, legal and administration.', '总部人力、财务、法务与行政等职能。'),
  },
];

const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const DEMO_BUSINESS_SERVICES: DemoBusinessService[] = [
  {
    code: 'pos-checkout',
    businessLine: 'retail-stores',
    name: localized('POS checkout', '门店收银'),
    description: localized(
      'Store tills, QR-code payment and loyalty points; when it is down, stores cannot take payment.',
      '门店收银机、扫码支付与会员积分，停机即无法结账。',
    ),
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
    name: localized('Store network', '门店网络'),
    description: localized(
      'Store lines, 4G backup and in-store Wi-Fi that POS, CCTV and time clocks depend on.',
      '门店专线、4G 备份链路与店内 Wi-Fi，收银、监控和考勤都依赖它。',
    ),
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
    name: localized('Online store', '线上商城'),
    description: localized(
      'Browsing, ordering and membership on the web store and the WeChat mini-program.',
      '官方商城网站与微信小程序的商品浏览、下单与会员服务。',
    ),
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
    name: localized('Payment gateway', '支付网关'),
    description: localized(
      'WeChat Pay, Alipay and UnionPay for both online and in-store transactions.',
      '对接微信支付、支付宝和银联，线上线下交易共用。',
    ),
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
    name: localized('Order management', '订单管理'),
    description: localized(
      'Order management system (OMS): order splitting, fulfilment, returns and click-and-collect.',
      '订单中心（OMS）：拆单、履约、退换货与门店自提。',
    ),
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
    name: localized('Warehouse management', '仓储管理'),
    description: localized(
      'Warehouse management system (WMS) in the regional warehouses: receiving, picking, dispatch and store replenishment.',
      '区域仓储管理系统（WMS）：收货、拣货、出库与门店补货。',
    ),
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
    name: localized('Email & collaboration', '邮件与协同办公'),
    description: localized(
      'Corporate mail, WeCom instant messaging, online meetings and shared documents.',
      '企业邮箱、企业微信、在线会议与共享文档。',
    ),
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
    name: localized('HR system', '人事系统'),
    description: localized('Employee records, payroll and employee self-service.', '员工档案、薪酬与员工自助服务。'),
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
    name: localized('ERP finance', 'ERP 财务'),
    description: localized(
      'ERP general ledger, payables, receivables and month-end close.',
      'ERP 总账、应付应收与月结。',
    ),
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
    name: localized('Store CCTV', '门店视频监控'),
    description: localized(
      'Store cameras, recording and remote viewing from the head-office security centre.',
      '门店摄像头、录像存储与总部安防中心远程查看。',
    ),
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
    name: localized('Time & attendance', '考勤'),
    description: localized(
      'Face-recognition time clocks, shift rosters and working hours in stores, synced to the HR system.',
      '门店人脸考勤机、排班与工时统计，数据同步到人事系统。',
    ),
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
    name: localized('VPN', '远程接入 VPN'),
    description: localized(
      'Remote access to internal systems for staff and partners.',
      '员工及合作伙伴远程访问内网系统。',
    ),
    criticality: 'high',
    ownerName: '陈志刚',
    ownerEmail: 'chen.zhigang@example.com',
    downtimeCostPerHour: cny(30_000),
    typicalUsersAffected: 2_500,
    labels: { service: 'vpn', tier: 'edge' },
  },
];
