import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import type { LocalizedText } from '@itsm/contracts';
import { newId } from '@itsm/platform/database';
import { searchTerms } from '@itsm/platform/search';
// The benchmark loads the demo business (catalog) and writes rows the way the requests service
// would: it reads both services' code, as root-level tests do.
// eslint-disable-next-line no-restricted-imports
import { DEMO_BUSINESS, type DemoOffering } from '../../services/catalog/src/demo/demo-business';
// eslint-disable-next-line no-restricted-imports
import { requestSearchTerms, taskNameTerms } from '../../services/requests/src/request/request-search';

/*
 * A year-and-a-half of a large retailer's requests, written straight into the requests service's
 * database (not through the API: a million submissions would take hours): the demo business's
 * desks, teams, business services and eight offerings in the catalog projection, then `size`
 * requests of those offerings with their tasks and approvals (decided ones kept), in the shapes the
 * service writes. Four people matter to the benchmark:
 *
 * - the requester submitted one request in 2,500, is the on-behalf-of person of one in 20,000 and
 *   watches one in 20,000;
 * - the agent works the IT desk and is a member of two IT teams (so is assigned some of their tasks);
 * - the department admin of IT decides the IT approvals nobody else could be named for;
 * - nobody has submitted, watches or is asked for anything.
 *
 * Everyone else is one of 20,000 requesters, 2,000 managers and the demo teams' members (each team
 * staffed with 24 more, as the volume needs: the agent is assigned about 20,000 tasks). Secondary
 * indexes are dropped while loading and built again afterwards (far faster than row by row).
 */

export interface BenchPeople {
  requester: string;
  agent: string;
  admin: string;
  nobody: string;
}

export interface LoadedWorld {
  requests: number;
  tasks: number;
  approvals: number;
  departments: Record<string, string>;
  businessServices: Record<string, string>;
  /** Numbers of a request the requester submitted and of an IT request. */
  numbers: { requesters: string; it: string };
  seconds: { requests: number; tasksAndApprovals: number; indexes: number };
}

const DAY = 86_400_000;
/** The loaded requests were submitted over this span, up to now. */
const SPAN_DAYS = 540;
/** The newest requests are still being worked on: submitted within these days. */
const LIVE_DAYS = 30;
const REQUESTERS = 20_000;
/** Each demo team is staffed up to the size a desk needs for this many requests. */
const AGENTS_PER_TEAM = 24;
const MANAGERS = 2_000;
const BATCH = 5_000;

/** How often each offering is asked for (its share of all requests). */
const MIX: Record<string, number> = {
  'employee-onboarding-it': 0.24,
  'store-opening-it': 0.3,
  'campaign-it-support': 0.1,
  'partner-onboarding': 0.05,
  'employment-certificate': 0.11,
  'leave-of-absence-request': 0.05,
  'workplace-repair': 0.11,
  'meeting-room-setup': 0.04,
};

const REGIONS = ['cn-south', 'cn-east', 'cn-north'] as const;
type Region = (typeof REGIONS)[number];
const CITIES: Record<Region, [string, string][]> = {
  'cn-south': [
    ['深圳', 'SZ'],
    ['广州', 'GZ'],
    ['东莞', 'DG'],
    ['佛山', 'FS'],
  ],
  'cn-east': [
    ['上海', 'SH'],
    ['杭州', 'HZ'],
    ['南京', 'NJ'],
    ['苏州', 'SU'],
  ],
  'cn-north': [
    ['北京', 'BJ'],
    ['天津', 'TJ'],
    ['青岛', 'QD'],
    ['济南', 'JN'],
  ],
};
const DISTRICTS = [
  '南山',
  '福田',
  '宝安',
  '天河',
  '越秀',
  '浦东',
  '徐汇',
  '西湖',
  '朝阳',
  '海淀',
  '和平',
  '市南',
  '历下',
  '鼓楼',
  '姑苏',
  '龙岗',
];
const MALLS = ['万象城', '天虹', '印象城', '大悦城', '银泰', '万达广场', '来福士', '龙湖天街', '壹方城', '太古里'];
const ROADS = ['科技园', '中山', '人民', '解放', '建设', '新华', '长江', '滨海', '深南', '南京'];
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '志强',
  '建华',
  '晓明',
  '海燕',
  '丽娟',
  '子涵',
  '雨桐',
  '浩然',
];
const UNITS = ['门店运营部', '电商运营部', '供应链管理部', '财务部', '人力资源部', '信息技术部', '市场部', '会员中心'];
const JOB_ROLES = [
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
];
const CAMPAIGNS = [
  '双11大促',
  '618年中大促',
  '春节年货节',
  '周年庆',
  '中秋国庆促销',
  '会员日',
  'Black Friday sale',
  'Spring festival campaign',
  'Back to school',
  'Mid-autumn gifts',
];
const PARTNERS = [
  'Acme Logistics',
  'Shunfeng Express',
  'Blue Ocean Foods',
  'Golden Harvest Trading',
  'Pearl River Packaging',
  'Northwind Traders',
  'Sunrise Payments',
  'Jade Dragon Supply',
  '顺达物流',
  '鲜丰食品',
  '华联包装',
  '美家家居',
];
const REPAIRS = [
  '空调不制冷',
  '灯管闪烁',
  '门禁刷卡无反应',
  '打印机卡纸',
  '饮水机漏水',
  '窗户关不上',
  'Air conditioner broken',
  'Door lock stuck',
  '卫生间水龙头漏水',
  '投影仪无信号',
];
const OFFICES = [
  '深圳总部 12 楼',
  '深圳总部 8 楼茶水间',
  '上海办公室 3 号会议室',
  '北京分公司前台',
  '广州仓库办公室',
  '杭州办公室 5 楼',
];
const ROOMS = ['星河厅', '海景会议室', 'Board room', '培训室 A', '多功能厅', '创新中心'];
const HANDOVER = ['同组同事', '直属上级', 'Deputy store manager', '副店长'];

/** Deterministic pseudo-random numbers (mulberry32): the same world for the same size. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUIDv7 for a moment in the past (ids order rows by when they were made, as the service's do). */
function idAt(ms: number): string {
  const t = ms.toString(16).padStart(12, '0');
  const r = randomBytes(10).toString('hex');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${((parseInt(r[3], 16) & 3) | 8).toString(16)}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Offering {
  demo: DemoOffering;
  id: string;
  departmentId: string;
  /** Form fields the offering's reminders and due dates hang on (left out of the search terms). */
  keyDates: string[];
  promiseDays: number;
  hasApproval: boolean;
}

function keyDateFields(o: DemoOffering): string[] {
  const fields = new Set<string>();
  for (const t of o.tasks) if (t.due && 'field' in t.due && t.due.field) fields.add(t.due.field);
  for (const r of o.reminders ?? []) fields.add(r.field);
  return [...fields];
}

/** The form a person would fill in for the offering, and its region. */
function formFor(
  code: string,
  rnd: () => number,
  n: number,
): { form: Record<string, unknown>; region: Region | null; services: string[] } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const region = pick(REGIONS);
  const [city, cityCode] = pick(CITIES[region]);
  const person = () => pick(SURNAMES) + pick(GIVEN);
  const day = (offset: number) => isoDate(Date.now() + offset * DAY);
  switch (code) {
    case 'employee-onboarding-it':
      return {
        form: {
          employeeName: person(),
          employeeId: `E${String(100000 + (n % 900000)).padStart(6, '0')}`,
          department: `${city}${pick(UNITS)}`,
          jobRole: pick(JOB_ROLES),
          startDate: day(10),
          workLocation: region,
          managerEmail: `manager.${Math.floor(rnd() * MANAGERS)}@heyue.example`,
          needsVpn: rnd() < 0.3,
        },
        region,
        services: [],
      };
    case 'store-opening-it': {
      const mall = pick(MALLS);
      return {
        form: {
          storeName: `禾悦${city}${pick(DISTRICTS)}${mall}门店`,
          storeCode: `${cityCode}${String(n % 10_000).padStart(4, '0')}`,
          region,
          address: `${city}市${pick(DISTRICTS)}区${pick(ROADS)}路${1 + Math.floor(rnd() * 300)}号${mall}`,
          openingDate: day(30),
          storeTimeZone: 'Asia/Shanghai',
          posCount: 2 + Math.floor(rnd() * 10),
          cameraCount: 8 + Math.floor(rnd() * 24),
        },
        region,
        services: [],
      };
    }
    case 'campaign-it-support': {
      const services = [pick(DEMO_BUSINESS.businessServices).code];
      return {
        form: {
          campaignName: `${new Date().getFullYear()} ${pick(CAMPAIGNS)}`,
          channels: ['online', 'stores'],
          startDate: day(20),
          endDate: day(23),
          expectedPeakOrdersPerMinute: 1000 + Math.floor(rnd() * 20_000),
          businessServiceCodes: services,
        },
        region: null,
        services,
      };
    }
    case 'partner-onboarding':
      return {
        form: {
          partnerName: `${pick(PARTNERS)} ${1 + (n % 50)}`,
          partnerType: pick(['supplier', 'logistics', 'agency']),
          contactEmail: `contact${n % 5000}@partner.example`,
          managerEmail: `manager.${Math.floor(rnd() * MANAGERS)}@heyue.example`,
          accessChannel: 'vpn',
          systems: ['warehouse-management'],
          accessStartDate: day(7),
          accessEndDate: day(180),
        },
        region: null,
        services: [],
      };
    case 'employment-certificate':
      return {
        form: {
          certificateType: 'employment',
          purpose: pick(['visa', 'loan', 'housing', 'other']),
          language: pick(['zh-CN', 'en', 'both']),
          copies: 1,
          delivery: 'electronic',
        },
        region: null,
        services: [],
      };
    case 'leave-of-absence-request':
      return {
        form: {
          reason: pick(['further-study', 'family-care', 'health', 'other']),
          startDate: day(14),
          endDate: day(120),
          handoverTo: `${person()}（${pick(HANDOVER)}）`,
          notes: '家中有事需要照顾老人',
        },
        region: null,
        services: [],
      };
    case 'workplace-repair':
      return {
        form: {
          region,
          location: pick(OFFICES),
          category: 'facilities',
          urgency: rnd() < 0.2 ? 'urgent' : 'normal',
          problem: `${pick(REPAIRS)}，请尽快处理`,
        },
        region,
        services: [],
      };
    default:
      return {
        form: {
          region,
          room: `${city}${pick(ROOMS)}`,
          meetingDate: day(5),
          startTime: '14:00',
          attendees: 10 + Math.floor(rnd() * 100),
          layout: 'boardroom',
        },
        region,
        services: [],
      };
  }
}

/** Where a request of this age stands, and how it ended. */
function stateOf(
  ageDays: number,
  hasApproval: boolean,
  rnd: () => number,
): { status: string; outcome: string | null; tasks: boolean } {
  const x = rnd();
  if (ageDays < LIVE_DAYS) {
    if (hasApproval && x < 0.25) return { status: 'pending-approval', outcome: null, tasks: false };
    if (x < 0.88) return { status: 'in-fulfilment', outcome: null, tasks: true };
    return { status: 'fulfilled', outcome: 'fulfilled', tasks: true };
  }
  if (hasApproval && x < 0.05) return { status: 'closed', outcome: 'rejected', tasks: false };
  if (x < 0.08) return { status: 'closed', outcome: 'cancelled', tasks: x < 0.065 };
  if (x < 0.12) return { status: 'fulfilled', outcome: 'fulfilled', tasks: true };
  return { status: 'closed', outcome: 'fulfilled', tasks: true };
}

async function dropSecondaryIndexes(db: Client, tables: string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relname = any($1) and not exists (select from pg_constraint c where c.conindid = x.indexrelid)`,
    [tables],
  );
  for (const r of rows) await db.query(`drop index ${r.name}`);
  return rows.map((r) => r.definition);
}

/** Loads the world into the requests database `db` (its migrations already applied). */
export async function loadRequestListsWorld(
  db: Client,
  size: number,
  people: BenchPeople,
  log: (m: string) => void,
): Promise<LoadedWorld> {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const text = (t: LocalizedText) => JSON.stringify(t);

  // ------------------------------------------------------------------- catalog projection
  const departments: Record<string, string> = Object.fromEntries(
    DEMO_BUSINESS.departments.map((d) => [d.code, newId()]),
  );
  for (const d of DEMO_BUSINESS.departments) {
    await db.query(
      'insert into catalog_department (id, code, kind, name, archived, source_updated_at) values ($1, $2, $3, $4, false, $5)',
      [departments[d.code], d.code, d.kind, text(d.name), at],
    );
  }
  const lines: Record<string, string> = Object.fromEntries(DEMO_BUSINESS.businessLines.map((l) => [l.code, newId()]));
  for (const l of DEMO_BUSINESS.businessLines) {
    await db.query(
      'insert into catalog_business_line (id, code, name, archived, source_updated_at) values ($1, $2, $3, false, $4)',
      [lines[l.code], l.code, text(l.name), at],
    );
  }
  const services: Record<string, string> = {};
  for (const s of DEMO_BUSINESS.businessServices) {
    services[s.code] = newId();
    await db.query(
      `insert into catalog_business_service (id, code, business_line_id, name, criticality, owner_name, owner_email, archived, source_updated_at) values ($1, $2, $3, $4, $5, $6, $7, false, $8)`,
      [
        services[s.code],
        s.code,
        lines[s.businessLine],
        text(s.name),
        s.criticality,
        s.ownerName,
        s.ownerEmail ?? null,
        at,
      ],
    );
  }
  // The agent works in two IT teams (one regional): they are assigned a share of those teams' tasks.
  const agentTeams = new Set(['end-user-computing', 'store-it-south']);
  const teams: Record<string, string> = {};
  const members: Record<string, string[]> = {};
  for (const t of DEMO_BUSINESS.teams) {
    teams[t.code] = newId();
    const list = [
      ...(t.members ?? []).map((m) => ({ ...m, role: m.role ?? 'member' })),
      ...Array.from({ length: AGENTS_PER_TEAM }, (_, k) => ({
        userId: `${t.code}.agent.${k + 1}`,
        displayName: `${t.name['zh-CN']} ${k + 1}`,
        role: 'member' as const,
      })),
      ...(agentTeams.has(t.code)
        ? [{ userId: people.agent, displayName: 'Bench agent', role: 'member' as const }]
        : []),
    ];
    members[t.code] = list.map((m) => m.userId);
    await db.query(
      `insert into catalog_team (id, code, department_id, name, regions, members, archived, source_updated_at) values ($1, $2, $3, $4, $5, $6, false, $7)`,
      [teams[t.code], t.code, departments[t.department], text(t.name), t.regions, JSON.stringify(list), at],
    );
  }
  const offerings: Offering[] = DEMO_BUSINESS.offerings.map((o) => ({
    demo: o,
    id: newId(),
    departmentId: departments[o.department],
    keyDates: keyDateFields(o),
    promiseDays: Number(/P(\d+)D/.exec(o.promisedDelivery?.duration ?? 'P5D')?.[1] ?? 5) * 1.4,
    hasApproval: (o.approvalPolicy?.stages ?? []).length > 0,
  }));
  for (const o of offerings) {
    const taskPlan = {
      tasks: o.demo.tasks.map((t) => ({
        ...t,
        team:
          t.team.kind === 'fixed'
            ? { kind: 'fixed', teamId: teams[t.team.team] }
            : {
                kind: 'by-field',
                field: t.team.field,
                mapping: Object.fromEntries(Object.entries(t.team.mapping).map(([k, v]) => [k, teams[v]])),
                ...(t.team.defaultTeam ? { defaultTeamId: teams[t.team.defaultTeam] } : {}),
              },
      })),
    };
    await db.query('insert into catalog_offering (id, code, latest_version, retired) values ($1, $2, 1, false)', [
      o.id,
      o.demo.code,
    ]);
    await db.query(
      `insert into catalog_offering_version (offering_id, version, code, scenario, department_id, name, description, form_schema, task_plan, approval_policy, reminders, promised_delivery, audience, published_at, task_name_terms)
       values ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        o.id,
        o.demo.code,
        o.demo.scenario,
        o.departmentId,
        text(o.demo.name),
        text(o.demo.description),
        JSON.stringify(o.demo.formSchema),
        JSON.stringify(taskPlan),
        JSON.stringify(o.demo.approvalPolicy ?? { stages: [] }),
        JSON.stringify(o.demo.reminders ?? []),
        JSON.stringify(o.demo.promisedDelivery),
        JSON.stringify({ departmentIds: [], roles: [] }),
        at,
        taskNameTerms(o.demo),
      ],
    );
  }

  log('dropping the secondary indexes of request, task and approval while loading');
  const indexes = await dropSecondaryIndexes(db, ['request', 'task', 'approval']);

  // ------------------------------------------------------------------- requests
  const started = Date.now();
  const cumulative: [number, Offering][] = [];
  let total = 0;
  for (const o of offerings) cumulative.push([(total += MIX[o.demo.code] ?? 0), o]);
  const rnd = random(size);
  const numbers = { requesters: '', it: '' };
  const columns = [
    'id',
    'number',
    'offering_id',
    'offering_version',
    'offering_code',
    'scenario',
    'department_id',
    'requester_id',
    'on_behalf_of',
    'watchers',
    'priority',
    'status',
    'outcome',
    'form_data',
    'business_context',
    'region',
    'business_line_id',
    'business_service_id',
    'promised_at',
    'submitted_at',
    'fulfilled_at',
    'closed_at',
    'current_stage',
    'search_terms',
    'has_tasks',
  ];
  const types = [
    'uuid',
    'bigint',
    'uuid',
    'int',
    'text',
    'text',
    'uuid',
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'jsonb',
    'jsonb',
    'text',
    'uuid',
    'uuid',
    'timestamptz',
    'timestamptz',
    'timestamptz',
    'timestamptz',
    'int',
    'text',
    'boolean',
  ];
  await db.query('create temporary table bench_request_tasks (id uuid primary key, has_tasks boolean not null)');
  for (let first = 0; first < size; first += BATCH) {
    const batch: unknown[][] = columns.map(() => []);
    for (let i = first; i < Math.min(size, first + BATCH); i++) {
      const x = rnd() * total;
      const o = (cumulative.find(([limit]) => x < limit) ?? cumulative[cumulative.length - 1])[1];
      const submittedAt = now - Math.round(((size - i) / size) * SPAN_DAYS * DAY);
      const ageDays = (now - submittedAt) / DAY;
      const { form, region, services: codes } = formFor(o.demo.code, rnd, i);
      const requesterId = i % 2500 === 7 ? people.requester : `u-${Math.floor(rnd() * REQUESTERS)}`;
      const onBehalfOf =
        i % 20_000 === 11 ? people.requester : rnd() < 0.08 ? `u-${Math.floor(rnd() * REQUESTERS)}` : null;
      const watchers =
        i % 20_000 === 13 ? [people.requester] : rnd() < 0.05 ? [`u-${Math.floor(rnd() * REQUESTERS)}`] : [];
      const state = stateOf(ageDays, o.hasApproval, rnd);
      const number = String(i + 1);
      const serviceIds = codes.map((c) => services[c]);
      const lineCode = codes[0]
        ? DEMO_BUSINESS.businessServices.find((s) => s.code === codes[0])?.businessLine
        : undefined;
      const keyDates = o.keyDates
        .filter((f) => typeof form[f] === 'string')
        .map((field) => ({ field, date: form[field] as string }));
      const businessContext = {
        businessLineId: lineCode ? lines[lineCode] : null,
        businessServiceIds: serviceIds,
        region,
        keyDates,
      };
      const terms = requestSearchTerms(
        { number, requesterId, onBehalfOf, formData: form, businessContext },
        o.demo.name,
      );
      if (requesterId === people.requester && !numbers.requesters) numbers.requesters = number;
      if (o.demo.department === 'it' && i > size / 2 && !numbers.it) numbers.it = number;
      const endedAt =
        state.status === 'in-fulfilment' || state.status === 'pending-approval'
          ? null
          : new Date(submittedAt + o.promiseDays * 0.8 * DAY).toISOString();
      const row = [
        idAt(submittedAt),
        number,
        o.id,
        1,
        o.demo.code,
        o.demo.scenario,
        o.departmentId,
        requesterId,
        onBehalfOf,
        watchers.join('\u001f'),
        rnd() < 0.1 ? 'high' : 'medium',
        state.status,
        state.outcome,
        JSON.stringify(form),
        JSON.stringify(businessContext),
        region,
        businessContext.businessLineId,
        serviceIds[0] ?? null,
        new Date(submittedAt + o.promiseDays * DAY).toISOString(),
        new Date(submittedAt).toISOString(),
        state.outcome === 'fulfilled' ? endedAt : null,
        state.status === 'closed' ? endedAt : null,
        state.status === 'pending-approval' ? 0 : null,
        terms.join('\u001f'),
        state.tasks,
      ];
      row.forEach((v, c) => batch[c].push(v));
    }
    const list = columns.slice(0, -1).join(', ');
    await db.query(
      `with rows as (select * from unnest(${types.map((t, c) => `$${c + 1}::${t === 'jsonb' ? 'text' : t}[]`).join(', ')}) as x (${columns.join(', ')}))
       , kept as (insert into bench_request_tasks select id, has_tasks from rows)
       insert into request (${list}, on_hold, reopen_count, version, created_at, updated_at)
       select ${columns
         .slice(0, -1)
         .map((c) =>
           c === 'watchers' || c === 'search_terms'
             ? `string_to_array(${c}, chr(31))`
             : types[columns.indexOf(c)] === 'jsonb'
               ? `${c}::jsonb`
               : c,
         )
         .join(', ')},
              false, 0, 1, submitted_at, coalesce(closed_at, fulfilled_at, submitted_at)
         from rows`,
      batch,
    );
    if ((first / BATCH) % 20 === 19) log(`  ${first + BATCH} requests`);
  }
  await db.query(`select setval('request_number_seq', $1)`, [size]);
  const requestSeconds = (Date.now() - started) / 1000;

  // ------------------------------------------------------------------- tasks and approvals
  const fanOut = Date.now();
  log('tasks and approvals');
  await db.query(
    `create temporary table bench_template (offering_id uuid, ord int, key text, name jsonb, name_terms text[], team_fixed uuid, team_by_region jsonb, depends_on text[], due_days int)`,
  );
  for (const o of offerings) {
    for (const [ord, t] of o.demo.tasks.entries()) {
      const byRegion =
        t.team.kind === 'by-field'
          ? Object.fromEntries(Object.entries(t.team.mapping).map(([k, v]) => [k, teams[v]]))
          : null;
      await db.query('insert into bench_template values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        o.id,
        ord,
        t.key,
        text(t.name),
        searchTerms([t.name.en, t.name['zh-CN']]),
        t.team.kind === 'fixed' ? teams[t.team.team] : t.team.defaultTeam ? teams[t.team.defaultTeam] : null,
        byRegion ? JSON.stringify(byRegion) : null,
        t.dependsOn ?? [],
        3 + ord * 2,
      ]);
    }
  }
  await db.query('create temporary table bench_team (id uuid primary key, members text[])');
  for (const [code, id] of Object.entries(teams))
    await db.query('insert into bench_team values ($1, $2)', [id, members[code]]);
  await db.query('analyze bench_request_tasks');

  // Task ids are made when fulfilment starts (a day after submission when there was an approval);
  // a task of a finished request is done (or cancelled with it), of a live one open, blocked behind
  // its dependencies, or done; its assignee is a member of its team, picked by the task's hash.
  await db.query(`
    insert into task (id, request_id, department_id, key, name, description, team_id, assignee, status, depends_on, checklist, outputs, reason, due_at, opened_at, completed_at, assignments, version, created_at, updated_at, search_terms)
    select (lpad(to_hex((extract(epoch from started) * 1000)::bigint), 12, '0') || '7' || substr(md5(r.id::text || tp.key), 1, 3) || '8' || substr(md5(tp.key || r.id::text), 1, 15))::uuid,
           r.id, r.department_id, tp.key, tp.name, null, team.id,
           case when st.status = 'blocked' then null else team.members[1 + abs(hashtext(r.id::text || tp.key)) % cardinality(team.members)] end,
           st.status, tp.depends_on, '[]'::jsonb, null, null,
           r.submitted_at + make_interval(days => tp.due_days), case when st.status <> 'blocked' then started end,
           case when st.status in ('done', 'cancelled') then coalesce(r.fulfilled_at, r.closed_at, r.submitted_at + interval '3 days') end,
           '[]'::jsonb, 1, started, started, tp.name_terms
      from request r
      join bench_request_tasks k on k.id = r.id and k.has_tasks
      join catalog_offering_version v on v.offering_id = r.offering_id and v.version = r.offering_version
      join bench_template tp on tp.offering_id = r.offering_id
      cross join lateral (select r.submitted_at + case when v.approval_policy->'stages' = '[]'::jsonb then interval '1 minute' else interval '1 day' end as started) s
      join bench_team team on team.id = coalesce((tp.team_by_region->>r.region)::uuid, tp.team_fixed)
      cross join lateral (select case
          when r.outcome = 'cancelled' then 'cancelled'
          when r.status <> 'in-fulfilment' then 'done'
          when cardinality(tp.depends_on) = 0 then (array['open', 'open', 'done', 'done', 'failed'])[1 + abs(hashtext(tp.key || r.id::text)) % 5]
          else (array['blocked', 'blocked', 'blocked', 'open', 'done'])[1 + abs(hashtext(tp.key || r.id::text)) % 5] end as status) st`);

  // Approvals as the offerings' policies name them: the manager in the form, the region's store
  // leads, the business service's owner then two change managers, security officers, the HR desk's
  // admins; one onboarding in 30 names no manager and falls back to the IT desk's admins.
  await db.query(
    `
    insert into approval (id, request_id, stage_index, stage_key, stage_name, mode, quorum, approver_kind, approver, approver_role, approver_department_id, resolved_from, status, delegations, decided_by, override, reason, decided_at, version, created_at)
    select (lpad(to_hex((extract(epoch from r.submitted_at) * 1000)::bigint + a.stage * 3600000 + a.slot), 12, '0') || '7' || substr(md5(r.id::text || a.slot), 1, 3) || '9' || substr(md5(a.slot || r.id::text), 1, 15))::uuid,
           r.id, a.stage, a.stage_key, a.stage_name, a.mode, a.quorum, a.kind, a.approver, a.role, a.role_department, '{}'::jsonb,
           st.status, '[]'::jsonb, case when st.status = 'pending' then null else coalesce(a.approver, a.decider) end, false,
           case when st.status = 'rejected' then '不符合要求' end,
           case when st.status = 'pending' then null else r.submitted_at + interval '20 hours' end, 1, r.submitted_at
      from request r
      join catalog_offering_version v on v.offering_id = r.offering_id and v.version = r.offering_version
      cross join lateral (
        select 0 as stage, 'hiring-manager' as stage_key, '{"en": "Hiring manager confirmation", "zh-CN": "直属上级确认"}'::jsonb as stage_name, 'any' as mode, null::int as quorum,
               case when hashtext(r.id::text) % 30 = 0 then 'role' else 'user' end as kind,
               case when hashtext(r.id::text) % 30 = 0 then null else r.form_data->>'managerEmail' end as approver,
               case when hashtext(r.id::text) % 30 = 0 then 'department-admin' end as role,
               case when hashtext(r.id::text) % 30 = 0 then r.department_id end as role_department, $1::text as decider, 0 as slot
         where r.offering_code = 'employee-onboarding-it'
        union all
        select 0, 'store-operations', '{"en": "Regional store operations lead approval", "zh-CN": "区域门店运营负责人审批"}', 'any', null, 'user',
               (select t.members->0->>'userId' from catalog_team t where t.code = 'store-it-' || split_part(r.region, '-', 2)), null, null, null, 0
         where r.offering_code = 'store-opening-it'
        union all
        select 0, 'business-owner', '{"en": "Business service owner approval", "zh-CN": "业务服务负责人审批"}', 'any', null, 'user',
               (select s.owner_email from catalog_business_service s where s.id = r.business_service_id), null, null, null, 0
         where r.offering_code = 'campaign-it-support'
        union all
        select 1, 'change-managers', '{"en": "Change managers sign-off", "zh-CN": "变更经理会签"}', 'quorum', 2, 'role', null, 'change-manager', r.department_id,
               'change.manager.' || n, n from generate_series(1, 2) n
         where r.offering_code = 'campaign-it-support'
        union all
        select 0, 'manager', '{"en": "Manager approval", "zh-CN": "直属上级审批"}', 'any', null, 'user', r.form_data->>'managerEmail', null, null, null, 0
         where r.offering_code = 'partner-onboarding'
        union all
        select 1, 'security', '{"en": "Security approval", "zh-CN": "信息安全审批"}', 'all', null, 'role', null, 'security-officer', r.department_id, 'security.officer', 1
         where r.offering_code = 'partner-onboarding'
        union all
        select 0, 'department-head', '{"en": "Department head approval", "zh-CN": "部门负责人审批"}', 'any', null, 'role', null, 'department-admin', r.department_id, 'hr.admin', 0
         where r.offering_code = 'leave-of-absence-request'
      ) a
      cross join lateral (select case
          when r.status = 'pending-approval' and r.offering_code = 'campaign-it-support' and hashtext(r.id::text) % 2 = 0 then case when a.stage = 0 then 'approved' else 'pending' end
          when r.status = 'pending-approval' and a.stage > 0 then null
          when r.status = 'pending-approval' then 'pending'
          when r.outcome = 'rejected' then case when a.stage = 0 then 'rejected' end
          else 'approved' end as status) st
     where st.status is not null and (a.kind = 'role' or a.approver is not null)`,
    [people.admin],
  );
  const tasksAndApprovals = (Date.now() - fanOut) / 1000;

  log(`building ${indexes.length} indexes again`);
  const indexing = Date.now();
  await db.query(`set maintenance_work_mem = '512MB'`);
  for (const definition of indexes) await db.query(definition);
  await db.query('vacuum analyze request, task, approval');
  const [counts] = (
    await db.query<{ requests: number; tasks: number; approvals: number }>(
      'select (select count(*) from request)::int as requests, (select count(*) from task)::int as tasks, (select count(*) from approval)::int as approvals',
    )
  ).rows;
  return {
    ...counts,
    departments,
    businessServices: services,
    numbers,
    seconds: { requests: requestSeconds, tasksAndApprovals, indexes: (Date.now() - indexing) / 1000 },
  };
}
