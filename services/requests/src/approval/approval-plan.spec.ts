import type { ApprovalStage } from '@itsm/contracts';
import { planStage, stageOutcome, storeOperationsLeads } from './approval-plan';

const DEPT = '01960000-0000-7000-8000-000000000003';
const name = { en: 'Stage', 'zh-CN': '阶段' };
const ctx = {
  departmentId: DEPT,
  formData: { managerEmail: 'zhang.wei@example.com', approver: 'u-li' },
  regionLeads: ['u-liang.jiahao'],
  businessServiceOwners: ['wang.xiaowen@example.com'],
};

describe('planStage', () => {
  it('gives a role stage one slot, or one per vote of its quorum', () => {
    expect(
      planStage({ key: 'sec', name, approvers: { kind: 'role', role: 'security-officer' }, mode: 'all' }, ctx),
    ).toEqual({
      slots: [
        {
          kind: 'role',
          role: 'security-officer',
          departmentId: DEPT,
          resolvedFrom: { approvers: { kind: 'role', role: 'security-officer' } },
        },
      ],
      mode: 'all',
      quorum: null,
    });
    const quorum = planStage(
      { key: 'cm', name, approvers: { kind: 'role', role: 'change-manager' }, mode: 'quorum', quorum: 2 },
      ctx,
    );
    expect(quorum.slots).toHaveLength(2);
    expect(quorum.quorum).toBe(2);
  });

  it.each([
    [{ kind: 'form-field', field: 'approver' }, ['u-li']],
    [{ kind: 'business-field', field: 'requester.manager' }, ['zhang.wei@example.com']],
    [{ kind: 'business-field', field: 'region.store-operations-lead' }, ['u-liang.jiahao']],
    [{ kind: 'business-field', field: 'business-service.owner' }, ['wang.xiaowen@example.com']],
  ] as const)('names the users of %j', (approvers, users) => {
    const plan = planStage({ key: 's', name, approvers, mode: 'any' } as ApprovalStage, ctx);
    expect(plan.slots.map((s) => (s.kind === 'user' ? s.userId : s.role))).toEqual(users);
  });

  it('lets the department admins approve department.head stages, and stand in when nobody is named', () => {
    const head = planStage(
      { key: 'h', name, approvers: { kind: 'business-field', field: 'department.head' }, mode: 'any' },
      ctx,
    );
    expect(head.slots).toEqual([
      expect.objectContaining({ kind: 'role', role: 'department-admin', departmentId: DEPT }),
    ]);
    const nobody = planStage({ key: 'm', name, approvers: { kind: 'form-field', field: 'missing' }, mode: 'all' }, ctx);
    expect(nobody).toMatchObject({
      mode: 'any',
      slots: [{ kind: 'role', role: 'department-admin', resolvedFrom: { fallback: 'no-approver-found' } }],
    });
  });

  it('never needs more votes than there are named approvers', () => {
    const plan = planStage(
      {
        key: 'o',
        name,
        approvers: { kind: 'business-field', field: 'business-service.owner' },
        mode: 'quorum',
        quorum: 3,
      },
      ctx,
    );
    expect(plan.quorum).toBe(1);
  });
});

describe('storeOperationsLeads', () => {
  const lead = (userId: string) => ({ userId, displayName: userId, role: 'lead' as const });
  const member = (userId: string) => ({ userId, displayName: userId, role: 'member' as const });

  it('prefers a store-operations team, then store teams, and takes their leads', () => {
    expect(
      storeOperationsLeads([
        { code: 'network-south', members: [lead('a')] },
        { code: 'store-it-south', members: [lead('b'), member('c')] },
      ]),
    ).toEqual(['b']);
    expect(
      storeOperationsLeads([
        { code: 'store-it-south', members: [lead('b')] },
        { code: 'store-operations-south', members: [lead('d')] },
      ]),
    ).toEqual(['d']);
    expect(storeOperationsLeads([{ code: 'network-south', members: [lead('a')] }])).toEqual([]);
  });
});

describe('stageOutcome', () => {
  it.each([
    ['any', null, ['pending', 'pending'], 'pending'],
    ['any', null, ['approved', 'pending'], 'passed'],
    ['any', null, ['rejected', 'pending'], 'failed'],
    ['all', null, ['approved', 'pending'], 'pending'],
    ['all', null, ['approved', 'approved'], 'passed'],
    ['all', null, ['approved', 'rejected'], 'failed'],
    ['quorum', 2, ['approved', 'pending', 'pending'], 'pending'],
    ['quorum', 2, ['approved', 'approved', 'pending'], 'passed'],
    ['quorum', 2, ['rejected', 'approved', 'pending'], 'pending'],
    ['quorum', 2, ['rejected', 'rejected', 'approved'], 'failed'],
    ['quorum', 2, ['rejected', 'pending'], 'failed'],
  ] as const)('%s (quorum %s) with %j is %s', (mode, quorum, statuses, outcome) => {
    expect(stageOutcome(mode, quorum, statuses)).toBe(outcome);
  });
});
