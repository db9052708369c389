import type { TaskPlan } from '@itsm/contracts';
import { businessFields, vocabularyCandidates } from './business-context';

const team = '01960000-0000-7000-8000-000000000004';
const plan = (tasks: Partial<TaskPlan['tasks'][number]>[]): TaskPlan => ({
  tasks: tasks.map((t, i) => ({
    key: `t${i}`,
    name: { en: 'x', 'zh-CN': 'x' },
    team: { kind: 'fixed', teamId: team },
    dependsOn: [],
    checklist: [],
    ...t,
  })),
});
const regions = new Set(['cn-south', 'cn-east', 'cn-north']);
const services = new Set(['pos-checkout', 'online-store', 'payment-gateway']);

describe('businessFields', () => {
  it('takes the region field, the dates reminders and due dates hang on', () => {
    const result = businessFields({
      formSchema: {
        properties: {
          region: { type: 'string' },
          openingDate: { type: 'string', format: 'date' },
          storeName: { type: 'string' },
        },
      },
      taskPlan: plan([{ due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P7D' } }]),
      reminders: [
        {
          key: 'r',
          kind: 'readiness-report',
          name: { en: 'r', 'zh-CN': 'r' },
          field: 'openingDate',
          offset: '-P3D',
          atLocalTime: '09:00',
          timeZone: { kind: 'fixed', zone: 'Asia/Shanghai' },
        },
      ],
      formData: { region: 'cn-south', openingDate: '2026-03-12', storeName: '深圳南山店' },
      knownRegions: regions,
      knownBusinessServiceCodes: services,
    });
    expect(result).toEqual({
      region: 'cn-south',
      businessServiceCodes: [],
      keyDates: [{ field: 'openingDate', date: '2026-03-12' }],
    });
  });

  it('recognises a region field by its choices, and business services by theirs', () => {
    const result = businessFields({
      formSchema: {
        properties: {
          workLocation: { type: 'string', enum: ['cn-south', 'cn-east', 'cn-north'] },
          businessServiceCodes: { type: 'array', items: { type: 'string', enum: ['pos-checkout', 'online-store'] } },
          channels: { type: 'array', items: { type: 'string', enum: ['online', 'stores'] } },
        },
      },
      taskPlan: plan([{}]),
      reminders: [],
      formData: {
        workLocation: 'cn-east',
        businessServiceCodes: ['online-store', 'pos-checkout'],
        channels: ['online'],
      },
      knownRegions: regions,
      knownBusinessServiceCodes: services,
    });
    expect(result).toEqual({ region: 'cn-east', businessServiceCodes: ['online-store', 'pos-checkout'], keyDates: [] });
  });

  it('falls back to the field that routes tasks by region', () => {
    const result = businessFields({
      formSchema: { properties: { area: { type: 'string' } } },
      taskPlan: plan([{ team: { kind: 'by-field', field: 'area', mapping: { 'cn-south': team, 'cn-north': team } } }]),
      reminders: [],
      formData: { area: 'cn-north' },
      knownRegions: regions,
      knownBusinessServiceCodes: services,
    });
    expect(result.region).toBe('cn-north');
  });

  it('has no region when nothing marks one', () => {
    const result = businessFields({
      formSchema: { properties: { accessChannel: { type: 'string', enum: ['vpn', 'api'] } } },
      taskPlan: plan([{ team: { kind: 'by-field', field: 'accessChannel', mapping: { vpn: team, api: team } } }]),
      reminders: [],
      formData: { accessChannel: 'vpn' },
      knownRegions: regions,
      knownBusinessServiceCodes: services,
    });
    expect(result.region).toBeNull();
  });
});

describe('vocabularyCandidates', () => {
  it('lists the choices of the form and the keys tasks are routed by, once each', () => {
    const candidates = vocabularyCandidates(
      {
        properties: {
          workLocation: { type: 'string', enum: ['cn-south', 'cn-east'] },
          services: { type: 'array', items: { enum: ['pos-checkout', 'online-store'] } },
          seats: { type: 'integer', enum: [1, 2] },
          storeName: { type: 'string' },
        },
      },
      plan([{ team: { kind: 'by-field', field: 'region', mapping: { 'cn-south': team, 'cn-north': team } } }]),
    );
    expect(candidates.sort()).toEqual(['cn-east', 'cn-north', 'cn-south', 'online-store', 'pos-checkout']);
  });

  it('is empty for a form without choices', () => {
    expect(vocabularyCandidates({ properties: { note: { type: 'string' } } }, plan([{}]))).toEqual([]);
  });
});
