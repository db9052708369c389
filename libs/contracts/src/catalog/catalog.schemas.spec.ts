import { toReadableIssues } from '../common/primitives.schema';
import {
  businessLineFixture,
  businessServiceFixture,
  departmentFixture,
  IDS,
  publishedOfferingFixture,
  teamFixture,
} from './catalog.fixtures';
import { BusinessLineSchema } from './business-line.events';
import { BusinessServiceSchema } from './business-service.events';
import { DepartmentSchema } from './department.events';
import {
  ApprovalStageSchema,
  PromisedDeliverySchema,
  ReminderSchema,
  TaskPlanSchema,
  OfferingVersionSchema,
} from './offering-version.schema';
import { OfferingChangedDataSchema, OfferingPublishedDataSchema, OfferingRetiredDataSchema } from './offering.events';
import { TeamSchema } from './team.events';
import type { z } from 'zod';

/** Paths and messages of the issues, or [] when the value is valid. */
function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : toReadableIssues(result.error);
}

function pathsOf(schema: z.ZodType, value: unknown): string[] {
  return issuesOf(schema, value).map((i) => i.path);
}

const offering = publishedOfferingFixture;
const reminder = () => offering().reminders![0];
const stage = () => offering().approvalPolicy.stages[1];

describe('catalog snapshots', () => {
  it.each([
    ['business line', BusinessLineSchema, businessLineFixture()],
    ['business service', BusinessServiceSchema, businessServiceFixture()],
    ['department', DepartmentSchema, departmentFixture()],
    ['team', TeamSchema, teamFixture()],
    ['offering version', OfferingVersionSchema, offering()],
    ['offering published', OfferingPublishedDataSchema, offering()],
  ])('accepts a valid %s', (_name, schema, value) => {
    expect(issuesOf(schema, value)).toEqual([]);
  });

  it('requires both languages in localized text', () => {
    const line = { ...businessLineFixture(), name: { en: 'Retail' } };
    expect(pathsOf(BusinessLineSchema, line)).toEqual(['name.zh-CN']);
    expect(pathsOf(BusinessLineSchema, { ...businessLineFixture(), name: { en: 'Retail', 'zh-CN': '' } })).toEqual([
      'name.zh-CN',
    ]);
  });

  it('rejects codes that are not slugs', () => {
    expect(pathsOf(BusinessLineSchema, { ...businessLineFixture(), code: 'Retail Line' })).toEqual(['code']);
    expect(pathsOf(BusinessLineSchema, { ...businessLineFixture(), code: '-retail' })).toEqual(['code']);
  });

  it('checks business service impact figures and alert labels', () => {
    const service = businessServiceFixture();
    expect(
      pathsOf(BusinessServiceSchema, { ...service, downtimeCostPerHour: { amount: -1, currency: 'cny' } }),
    ).toEqual(['downtimeCostPerHour.amount', 'downtimeCostPerHour.currency']);
    expect(pathsOf(BusinessServiceSchema, { ...service, typicalUsersAffected: 1.5 })).toEqual(['typicalUsersAffected']);
    expect(pathsOf(BusinessServiceSchema, { ...service, labels: { '9bad': 'x' } })).toEqual(['labels.9bad']);
    expect(pathsOf(BusinessServiceSchema, { ...service, criticality: 'urgent' })).toEqual(['criticality']);
  });

  it('rejects an unknown department kind and duplicate team members', () => {
    expect(pathsOf(DepartmentSchema, { ...departmentFixture(), kind: 'marketing' })).toEqual(['kind']);
    const team = teamFixture();
    expect(pathsOf(TeamSchema, { ...team, members: [team.members[0], team.members[0]] })).toEqual([
      'members[1].userId',
    ]);
  });

  it('accepts timestamps with an offset but not without a zone', () => {
    expect(pathsOf(DepartmentSchema, { ...departmentFixture(), updatedAt: '2025-03-01T16:00:00+08:00' })).toEqual([]);
    expect(pathsOf(DepartmentSchema, { ...departmentFixture(), updatedAt: '2025-03-01 16:00' })).toEqual(['updatedAt']);
  });
});

describe('approval stages', () => {
  it("requires quorum when mode is 'quorum'", () => {
    const { quorum: _q, ...withoutQuorum } = stage();
    expect(issuesOf(ApprovalStageSchema, withoutQuorum)).toEqual([
      expect.objectContaining({ path: 'quorum', message: "quorum is required when mode is 'quorum'" }),
    ]);
  });

  it('refuses a quorum with another mode, and a quorum below 1', () => {
    expect(pathsOf(ApprovalStageSchema, { ...stage(), mode: 'all' })).toEqual(['quorum']);
    expect(pathsOf(ApprovalStageSchema, { ...stage(), quorum: 0 })).toEqual(['quorum']);
  });

  it('only knows the documented business fields', () => {
    expect(
      pathsOf(ApprovalStageSchema, { ...stage(), approvers: { kind: 'business-field', field: 'requester.manager' } }),
    ).toEqual([]);
    expect(pathsOf(ApprovalStageSchema, { ...stage(), approvers: { kind: 'business-field', field: 'ceo' } })).toEqual([
      'approvers.field',
    ]);
  });

  it('allows at most 10 stages with unique keys', () => {
    const policy = offering().approvalPolicy;
    const dup = { ...offering(), approvalPolicy: { stages: [policy.stages[0], policy.stages[0]] } };
    expect(pathsOf(OfferingVersionSchema, dup)).toEqual(['approvalPolicy.stages[1].key']);
    const many = {
      ...offering(),
      approvalPolicy: { stages: Array.from({ length: 11 }, (_, i) => ({ ...policy.stages[0], key: `s-${i}` })) },
    };
    expect(pathsOf(OfferingVersionSchema, many)).toEqual(['approvalPolicy.stages']);
  });
});

describe('durations and time zones', () => {
  it.each(['P2D', '-P3D', 'PT4H', 'P1DT12H', '-PT30M', 'P1W'])('accepts the duration %s', (offset) => {
    expect(pathsOf(ReminderSchema, { ...reminder(), offset })).toEqual([]);
  });

  it.each(['3 days', 'P', 'PT', 'P1DT', '2D', '--P3D', '+P3D', ''])('rejects the duration %j', (offset) => {
    expect(pathsOf(ReminderSchema, { ...reminder(), offset })).toEqual(['offset']);
  });

  it('refuses a negative promised delivery', () => {
    expect(pathsOf(PromisedDeliverySchema, { duration: '-P1D', basis: 'calendar' })).toEqual(['duration']);
  });

  it.each(['Asia/Shanghai', 'Europe/Berlin', 'UTC'])('accepts the IANA zone %s', (zone) => {
    expect(pathsOf(ReminderSchema, { ...reminder(), timeZone: { kind: 'fixed', zone } })).toEqual([]);
  });

  it.each(['China/Beijing', 'GMT+8 Beijing', ''])('rejects the time zone %j', (zone) => {
    expect(pathsOf(ReminderSchema, { ...reminder(), timeZone: { kind: 'fixed', zone } })).toEqual(['timeZone.zone']);
    expect(
      pathsOf(ReminderSchema, { ...reminder(), timeZone: { kind: 'form-field', field: 'tz', default: zone } }),
    ).toEqual(['timeZone.default']);
  });

  it.each(['9:00', '24:00', '09:60', '0900'])('rejects the local time %s', (atLocalTime) => {
    expect(pathsOf(ReminderSchema, { ...reminder(), atLocalTime })).toEqual(['atLocalTime']);
  });
});

describe('task plan', () => {
  const tasks = () => offering().taskPlan.tasks;

  it('needs at least one task', () => {
    expect(pathsOf(TaskPlanSchema, { tasks: [] })).toEqual(['tasks']);
  });

  it('refuses duplicate keys, unknown and self dependencies', () => {
    const [a, b] = tasks();
    expect(pathsOf(TaskPlanSchema, { tasks: [a, { ...b, key: a.key }] })).toEqual(
      expect.arrayContaining(['tasks[1].key']),
    );
    expect(pathsOf(TaskPlanSchema, { tasks: [a, { ...b, dependsOn: ['nowhere'] }] })).toEqual([
      'tasks[1].dependsOn[0]',
    ]);
    expect(pathsOf(TaskPlanSchema, { tasks: [a, { ...b, dependsOn: [b.key] }] })).toEqual(['tasks[1].dependsOn[0]']);
  });

  it('refuses dependency cycles', () => {
    const [a, b] = tasks();
    const issues = issuesOf(TaskPlanSchema, { tasks: [{ ...a, dependsOn: [b.key] }, b] });
    expect(issues).toEqual([expect.objectContaining({ path: 'tasks', message: expect.stringContaining('cycle') })]);
  });

  it('routes tasks to a fixed team or by a form field, and checks due offsets', () => {
    const [a, b] = tasks();
    expect(
      pathsOf(TaskPlanSchema, {
        tasks: [{ ...a, team: { kind: 'by-field', field: 'region', mapping: { x: 'nope' } } }],
      }),
    ).toEqual(['tasks[0].team.mapping.x']);
    expect(pathsOf(TaskPlanSchema, { tasks: [{ ...b, dependsOn: [], team: { kind: 'round-robin' } }] })).toEqual([
      'tasks[0].team.kind',
    ]);
    expect(pathsOf(TaskPlanSchema, { tasks: [{ ...a, due: { relativeTo: 'submission', offset: 'soon' } }] })).toEqual([
      'tasks[0].due.offset',
    ]);
  });

  it('defaults dependsOn and checklist to empty lists', () => {
    const { dependsOn: _d, checklist: _c, ...bare } = tasks()[0];
    const parsed = TaskPlanSchema.parse({ tasks: [bare] });
    expect(parsed.tasks[0]).toMatchObject({ dependsOn: [], checklist: [] });
  });
});

describe('offering events', () => {
  it('changed carries a draft, published a published version', () => {
    const draft = { ...offering(), status: 'draft', publishedAt: null };
    expect(pathsOf(OfferingChangedDataSchema, draft)).toEqual([]);
    // Cross-field refinements only run once the fields themselves are valid.
    expect(pathsOf(OfferingChangedDataSchema, offering())).toEqual(['status']);
    expect(pathsOf(OfferingPublishedDataSchema, draft)).toEqual(['status']);
  });

  it('keeps publishedAt consistent with the status', () => {
    expect(pathsOf(OfferingVersionSchema, { ...offering(), publishedAt: null })).toEqual(['publishedAt']);
    expect(pathsOf(OfferingVersionSchema, { ...offering(), status: 'draft' })).toEqual(['publishedAt']);
  });

  it('retired carries only the identity of the version', () => {
    const retired = {
      offeringId: IDS.offering,
      version: 2,
      code: 'store-opening-it',
      retiredAt: '2025-06-01T00:00:00Z',
    };
    expect(pathsOf(OfferingRetiredDataSchema, retired)).toEqual([]);
    expect(pathsOf(OfferingRetiredDataSchema, { ...retired, version: 0 })).toEqual(['version']);
  });

  it('accepts up to 20 reminders with unique keys', () => {
    const r = reminder();
    expect(pathsOf(OfferingVersionSchema, { ...offering(), reminders: [r, r] })).toEqual(['reminders[1].key']);
    const many = Array.from({ length: 21 }, (_, i) => ({ ...r, key: `r-${i}` }));
    expect(pathsOf(OfferingVersionSchema, { ...offering(), reminders: many })).toEqual(['reminders']);
  });
});
