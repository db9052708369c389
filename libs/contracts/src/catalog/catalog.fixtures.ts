import type { z } from 'zod';
import type { BusinessLine } from './business-line.events';
import type { BusinessService } from './business-service.events';
import type { Department } from './department.events';
import type { OfferingPublishedDataSchema } from './offering.events';
import type { Team } from './team.events';
import { localized } from '../common/localized-text';

/** Valid sample data for tests (not part of the public entry). Each call returns a fresh copy. */

export const IDS = {
  businessLine: '01960000-0000-7000-8000-000000000001',
  businessService: '01960000-0000-7000-8000-000000000002',
  department: '01960000-0000-7000-8000-000000000003',
  teamSouth: '01960000-0000-7000-8000-000000000004',
  teamNorth: '01960000-0000-7000-8000-000000000005',
  offering: '01960000-0000-7000-8000-000000000006',
} as const;

const UPDATED_AT = '2025-03-01T08:00:00.000Z';

export function businessLineFixture(): BusinessLine {
  return {
    businessLineId: IDS.businessLine,
    code: 'retail',
    name: localized('Retail', '零售'),
    archived: false,
    updatedAt: UPDATED_AT,
  };
}

export function businessServiceFixture(): BusinessService {
  return {
    businessServiceId: IDS.businessService,
    code: 'pos-checkout',
    businessLineId: IDS.businessLine,
    name: localized('Store checkout', '门店收银'),
    criticality: 'critical',
    ownerName: 'Li Wei',
    ownerEmail: 'li.wei@example.com',
    downtimeCostPerHour: { amount: 120000, currency: 'CNY' },
    typicalUsersAffected: 3500,
    labels: { service: 'pos', 'app.kubernetes.io/name': 'pos-gateway' },
    archived: false,
    updatedAt: UPDATED_AT,
  };
}

export function departmentFixture(): Department {
  return {
    departmentId: IDS.department,
    code: 'it',
    kind: 'it',
    name: localized('IT', '信息技术部'),
    archived: false,
    updatedAt: UPDATED_AT,
  };
}

export function teamFixture(): Team {
  return {
    teamId: IDS.teamSouth,
    code: 'field-south',
    departmentId: IDS.department,
    name: localized('Field support South China', '华南现场支持'),
    regions: ['cn-south'],
    members: [
      { userId: 'u-1001', displayName: '张敏', email: 'zhang.min@example.com', role: 'lead' },
      { userId: 'u-1002', displayName: 'Chen Hao', role: 'member' },
    ],
    archived: false,
    updatedAt: UPDATED_AT,
  };
}

/** "New store opening — IT readiness": the story the design is built around. */
export function publishedOfferingFixture(): z.input<typeof OfferingPublishedDataSchema> {
  return {
    offeringId: IDS.offering,
    version: 2,
    status: 'published',
    code: 'store-opening-it',
    scenario: 'store-opening',
    departmentId: IDS.department,
    name: localized('New store opening — IT readiness', '新店开业 IT 准备'),
    description: localized('Network, POS and cameras for a new store.', '开通网络、收银与监控。'),
    formSchema: {
      type: 'object',
      required: ['storeName', 'region', 'openingDate'],
      properties: {
        storeName: { type: 'string' },
        region: { type: 'string', enum: ['cn-south', 'cn-north'] },
        openingDate: { type: 'string', format: 'date' },
        storeTimeZone: { type: 'string' },
      },
    },
    taskPlan: {
      tasks: [
        {
          key: 'network',
          name: localized('Network and VPN', '开通网络与 VPN'),
          team: {
            kind: 'by-field',
            field: 'region',
            mapping: { 'cn-south': IDS.teamSouth, 'cn-north': IDS.teamNorth },
            defaultTeamId: IDS.teamSouth,
          },
          dependsOn: [],
          due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' },
          checklist: ['Line installed', 'VPN tunnel up'],
        },
        {
          key: 'pos-config',
          name: localized('POS configuration', '收银机配置'),
          team: { kind: 'fixed', teamId: IDS.teamSouth },
          dependsOn: ['network'],
          due: { relativeTo: 'submission', offset: 'P5D' },
        },
      ],
    },
    approvalPolicy: {
      stages: [
        {
          key: 'store-ops',
          name: localized('Store operations lead approval', '门店运营负责人审批'),
          approvers: { kind: 'business-field', field: 'region.store-operations-lead' },
          mode: 'any',
        },
        {
          key: 'it-managers',
          name: localized('IT managers', 'IT 经理会签'),
          approvers: { kind: 'role', role: 'it-manager' },
          mode: 'quorum',
          quorum: 2,
        },
      ],
    },
    reminders: [
      {
        key: 'readiness-t-3',
        kind: 'readiness-report',
        name: localized('T-3 days readiness report', 'T-3 天就绪报告'),
        field: 'openingDate',
        offset: '-P3D',
        atLocalTime: '09:00',
        timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
      },
    ],
    promisedDelivery: { duration: 'P10D', basis: 'business-days' },
    audience: { departmentIds: [], roles: ['store-manager'] },
    publishedAt: '2025-03-02T02:00:00.000Z',
    updatedAt: '2025-03-02T02:00:00.000Z',
  };
}
