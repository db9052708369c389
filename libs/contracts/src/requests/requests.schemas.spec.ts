import { TOPICS, validateEventData } from '../registry';
import { createEvent } from '../envelope';
import { ApprovalRequestedV1, REQUESTS_EVENT_CONTRACTS, RequestSubmittedV1, TaskAssignedV1 } from './index';

const IDS = {
  request: '01960000-0000-7000-8000-0000000000a1',
  offering: '01960000-0000-7000-8000-0000000000a2',
  department: '01960000-0000-7000-8000-0000000000a3',
  team: '01960000-0000-7000-8000-0000000000a4',
  approval: '01960000-0000-7000-8000-0000000000a5',
  task: '01960000-0000-7000-8000-0000000000a6',
};

const ref = {
  requestId: IDS.request,
  number: 'REQ-000042',
  offeringId: IDS.offering,
  offeringVersion: 2,
  offeringCode: 'store-opening-it',
  scenario: 'store-opening',
  departmentId: IDS.department,
  businessLineId: null,
  businessServiceId: null,
  region: 'cn-south',
  priority: 'medium' as const,
};

/** How task and approval events name the request they belong to. */
const parent = { requestId: IDS.request, requestNumber: 'REQ-000042', offeringId: IDS.offering };

describe('requests contracts', () => {
  it('publish on one topic per aggregate: request, approval, task', () => {
    expect(
      TOPICS.filter((t) => t.service === 'requests')
        .map((t) => t.name)
        .sort(),
    ).toEqual(['itsm.requests.approval.v1', 'itsm.requests.request.v1', 'itsm.requests.task.v1']);
    for (const contract of REQUESTS_EVENT_CONTRACTS) expect(contract.source).toBe('/itsm/requests');
  });

  it('accept a submitted request with its business context and promised time', () => {
    const event = createEvent(RequestSubmittedV1, IDS.request, {
      ...ref,
      status: 'submitted',
      previousStatus: null,
      occurredAt: '2026-03-01T08:00:00.000Z',
      actor: 'u-li.na',
      requesterId: 'u-li.na',
      onBehalfOf: null,
      watchers: ['u-zhang.wei'],
      businessContext: {
        businessLineId: null,
        businessServiceIds: [],
        region: 'cn-south',
        keyDates: [{ field: 'openingDate', date: '2026-03-12' }],
      },
      promisedAt: '2026-03-27T08:00:00.000Z',
      submittedAt: '2026-03-01T08:00:00.000Z',
    });
    expect(event.type).toBe('itsm.requests.request.submitted.v1');
    expect(validateEventData(event.type, event.data).ok).toBe(true);
  });

  it('refuse a request number that is not REQ-nnnnnn and an unknown status', () => {
    const result = validateEventData(RequestSubmittedV1.type, { ...ref, number: '42', status: 'done' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['number', 'status']));
  });

  it('name approvers as a user or as a role within a department', () => {
    const base = {
      approvalId: IDS.approval,
      ...parent,
      departmentId: IDS.department,
      stageKey: 'security',
      stageIndex: 1,
      stageCount: 2,
      mode: 'all',
      quorum: null,
      requestedAt: '2026-03-01T08:00:00.000Z',
    };
    expect(
      validateEventData(ApprovalRequestedV1.type, { ...base, approver: { kind: 'user', userId: 'u-chen.jing' } }).ok,
    ).toBe(true);
    expect(
      validateEventData(ApprovalRequestedV1.type, {
        ...base,
        approver: { kind: 'role', role: 'security-officer', departmentId: IDS.department },
      }).ok,
    ).toBe(true);
    expect(
      validateEventData(ApprovalRequestedV1.type, { ...base, approver: { kind: 'role', role: 'security-officer' } }).ok,
    ).toBe(false);
  });

  it('record how a task was assigned', () => {
    const data = {
      taskId: IDS.task,
      ...parent,
      scenario: 'store-opening',
      departmentId: IDS.department,
      region: 'cn-south',
      key: 'network-line',
      teamId: IDS.team,
      assignee: 'u-guo.jianhua',
      dueAt: null,
      status: 'open',
      occurredAt: '2026-03-01T08:00:00.000Z',
      actor: 'service:requests',
      previousTeamId: null,
      previousAssignee: null,
      strategy: 'round-robin',
    };
    expect(validateEventData(TaskAssignedV1.type, data).ok).toBe(true);
    expect(validateEventData(TaskAssignedV1.type, { ...data, strategy: 'random' }).ok).toBe(false);
  });
});
