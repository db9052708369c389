import { randomBytes } from 'node:crypto';
import { createEvent, DepartmentChangedV1, DomainEvent, OfferingPublishedV1, TeamChangedV1 } from '@itsm/contracts';
import { newId } from '@itsm/platform/database';
// The benchmark submits the demo's offering, as the root-level scenario does.
// eslint-disable-next-line no-restricted-imports
import { DEMO_OFFERINGS } from '../../services/catalog/src/demo/demo-offerings';

/*
 * The demo business's six-task store-opening offering (services/catalog/src/demo/demo-offerings.ts)
 * as catalog events, with the teams its tasks route to. One difference, on purpose: no approval
 * stage, so a submission goes straight into fulfilment and the benchmark measures submission and
 * task fan-out, not a person approving. Codes are unique per run (the broker is shared).
 */

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const DEMO_STORE_OPENING = DEMO_OFFERINGS.find((o) => o.code === 'store-opening-it')!;
const REGIONS = ['cn-south', 'cn-east', 'cn-north'] as const;

export interface StoreOpeningCatalog {
  offeringId: string;
  departmentId: string;
  teamIds: string[];
  events: DomainEvent[];
}

export function storeOpeningCatalog(): StoreOpeningCatalog {
  const suffix = randomBytes(3).toString('hex');
  const now = new Date().toISOString();
  const events: DomainEvent[] = [];
  const departmentId = newId();
  events.push(
    createEvent(DepartmentChangedV1, departmentId, {
      departmentId,
      code: `it-bench-${suffix}`,
      kind: 'it',
      name: text('IT', '信息技术部'),
      archived: false,
      updatedAt: now,
    }),
  );

  const teamIds: string[] = [];
  const team = (code: string, regions: string[]) => {
    const teamId = newId();
    teamIds.push(teamId);
    const members = [1, 2, 3].map((n) => ({
      userId: `u-${code}-${n}`,
      displayName: `${code} ${n}`,
      role: n === 1 ? ('lead' as const) : ('member' as const),
    }));
    events.push(
      createEvent(TeamChangedV1, teamId, {
        teamId,
        code: `${code}-${suffix}`,
        departmentId,
        name: text(code, code),
        regions,
        members,
        archived: false,
        updatedAt: now,
      }),
    );
    return teamId;
  };
  const regional = (prefix: string) => ({
    kind: 'by-field' as const,
    field: 'region',
    mapping: Object.fromEntries(REGIONS.map((r) => [r, team(`${prefix}-${r.slice(3)}`, [r])])),
  });
  const fixed = (code: string) => ({ kind: 'fixed' as const, teamId: team(code, [...REGIONS]) });
  const network = regional('network');
  const storeIt = regional('store-it');

  const offeringId = newId();
  events.push(
    createEvent(OfferingPublishedV1, offeringId, {
      offeringId,
      version: 1,
      status: 'published',
      code: `store-opening-it-bench-${suffix}`,
      scenario: 'store-opening',
      departmentId,
      name: text('New store opening – IT readiness', '新店开业 IT 准备'),
      description: text(
        'Network line, POS, CCTV and time clocks, systems check, handover',
        '网络专线、收银机、监控、考勤机、系统联调、开业交接',
      ),
      audience: { departmentIds: [], roles: [] },
      // The demo's form as it is, its date rule and time zone field included.
      formSchema: DEMO_STORE_OPENING.formSchema,
      taskPlan: {
        tasks: [
          {
            key: 'network-line',
            name: text('Network line', '网络专线开通'),
            team: network,
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P14D' },
          },
          {
            key: 'pos',
            name: text('POS tills installed and tested', '收银机安装与联调'),
            team: storeIt,
            dependsOn: ['network-line'],
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' },
          },
          {
            key: 'cctv',
            name: text('CCTV installed', '视频监控安装'),
            team: storeIt,
            dependsOn: ['network-line'],
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' },
          },
          {
            key: 'time-clock',
            name: text('Time clock installed', '考勤机安装'),
            team: storeIt,
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P5D' },
          },
          {
            key: 'store-systems-check',
            name: text('Store systems check and monitoring', '门店系统联调与监控接入'),
            team: fixed('monitoring-sre'),
            dependsOn: ['pos', 'cctv'],
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P4D' },
          },
          {
            key: 'handover',
            name: text('Handover to the store', '开业交接'),
            team: fixed('it-service-desk'),
            dependsOn: ['network-line', 'pos', 'cctv', 'time-clock', 'store-systems-check'],
            due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P1D' },
          },
        ],
      },
      approvalPolicy: { stages: [] },
      reminders: [
        {
          key: 'readiness-t-3',
          kind: 'readiness-report',
          name: text('T-3 days readiness report', '开业前 3 天就绪报告'),
          field: 'openingDate',
          offset: '-P3D',
          atLocalTime: '09:00',
          timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
        },
      ],
      promisedDelivery: { duration: 'P20D', basis: 'business-days' },
      publishedAt: now,
      updatedAt: now,
    }),
  );
  return { offeringId, departmentId, teamIds, events };
}

/** The tasks of the plan without dependencies: they open and are assigned at submission. */
export const OPEN_AT_SUBMISSION = ['network-line', 'time-clock'];
export const TASKS_PER_REQUEST = 6;
