import type { ApprovalStage, Approvers, TeamMember } from '@itsm/contracts';

/*
 * Who approves a stage, worked out when the stage opens. The service does not know users: a role
 * approver is "anyone holding role R in department D", checked when someone decides; the other
 * kinds name people by the identity provider's subject (a user id or username) taken from the
 * form or from catalog data.
 */

export type ApprovalMode = ApprovalStage['mode'];

/** How a slot was worked out, kept with the approval so people can see why it is theirs. */
export interface ResolvedFrom {
  approvers: Approvers;
  /** Nobody could be named from the policy, so the department's admins decide instead. */
  fallback?: 'no-approver-found';
}

export type ApproverSlot =
  | { kind: 'user'; userId: string; resolvedFrom: ResolvedFrom }
  | { kind: 'role'; role: string; departmentId: string; resolvedFrom: ResolvedFrom };

export interface StagePlan {
  slots: ApproverSlot[];
  mode: ApprovalMode;
  /** Approvals needed under `quorum`; never more than there are named approvers. */
  quorum: number | null;
}

export interface ApproverContext {
  /** The request's department (the offering's): role approvers and admins are looked for there. */
  departmentId: string;
  formData: Record<string, unknown>;
  /** Leads of the request's region's store-operations team (see storeOperationsLeads). */
  regionLeads: string[];
  /** Owners (their identity: e-mail) of the business services the request concerns. */
  businessServiceOwners: string[];
}

/** The role whose holders stand in when a stage names nobody, and who approve `department.head` stages. */
export const DEPARTMENT_ADMIN_ROLE = 'department-admin';

/** Form fields holding the requester's manager, for `requester.manager` (onboarding's `managerEmail`). */
const MANAGER_FIELD = /manager/i;

function usersIn(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

function namedUsers(approvers: Approvers, ctx: ApproverContext): string[] | 'department-admins' {
  switch (approvers.kind) {
    case 'role':
      return [];
    case 'form-field':
      return usersIn(ctx.formData[approvers.field]);
    case 'business-field':
      switch (approvers.field) {
        case 'requester.manager':
          return Object.entries(ctx.formData)
            .filter(([name]) => MANAGER_FIELD.test(name))
            .flatMap(([, value]) => usersIn(value));
        case 'business-service.owner':
          return ctx.businessServiceOwners;
        case 'region.store-operations-lead':
          return ctx.regionLeads;
        case 'department.head':
          return 'department-admins';
      }
  }
}

/** The approver slots of a stage and the mode they are decided in. */
export function planStage(stage: ApprovalStage, ctx: ApproverContext): StagePlan {
  const resolvedFrom: ResolvedFrom = { approvers: stage.approvers };
  if (stage.approvers.kind === 'role') {
    const role = stage.approvers.role;
    // "Anyone with role R": one slot, or one per vote a quorum needs (each decided by someone else).
    const count = stage.mode === 'quorum' ? (stage.quorum ?? 1) : 1;
    return {
      slots: Array.from({ length: count }, () => ({
        kind: 'role' as const,
        role,
        departmentId: ctx.departmentId,
        resolvedFrom,
      })),
      mode: stage.mode,
      quorum: stage.mode === 'quorum' ? count : null,
    };
  }
  const named = namedUsers(stage.approvers, ctx);
  if (named === 'department-admins') {
    return {
      slots: [{ kind: 'role', role: DEPARTMENT_ADMIN_ROLE, departmentId: ctx.departmentId, resolvedFrom }],
      mode: 'any',
      quorum: null,
    };
  }
  const users = [...new Map(named.map((u) => [u.toLowerCase(), u])).values()];
  if (users.length === 0) {
    return {
      slots: [
        {
          kind: 'role',
          role: DEPARTMENT_ADMIN_ROLE,
          departmentId: ctx.departmentId,
          resolvedFrom: { ...resolvedFrom, fallback: 'no-approver-found' },
        },
      ],
      mode: 'any',
      quorum: null,
    };
  }
  return {
    slots: users.map((userId) => ({ kind: 'user' as const, userId, resolvedFrom })),
    mode: stage.mode,
    quorum: stage.mode === 'quorum' ? Math.min(stage.quorum ?? 1, users.length) : null,
  };
}

interface TeamLike {
  code: string;
  members: TeamMember[];
}

/**
 * The region's store-operations lead from team data: the leads of the teams covering the region
 * whose code says store operations, else those whose code says store (the regional store teams).
 */
export function storeOperationsLeads(teamsInRegion: readonly TeamLike[]): string[] {
  const rank = (code: string) => (/store-op/.test(code) ? 2 : /store/.test(code) ? 1 : 0);
  const best = Math.max(0, ...teamsInRegion.map((t) => rank(t.code)));
  if (best === 0) return [];
  return teamsInRegion
    .filter((t) => rank(t.code) === best)
    .flatMap((t) => t.members.filter((m) => m.role === 'lead').map((m) => m.userId));
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type StageOutcome = 'pending' | 'passed' | 'failed';

/**
 * Where a stage stands after a decision. `any`: the first decision decides; `all`: every slot
 * must approve, one rejection fails it; `quorum`: enough approvals pass it, and it fails once
 * too few undecided slots are left to reach the quorum.
 */
export function stageOutcome(
  mode: ApprovalMode,
  quorum: number | null,
  statuses: readonly ApprovalStatus[],
): StageOutcome {
  const approved = statuses.filter((s) => s === 'approved').length;
  const rejected = statuses.filter((s) => s === 'rejected').length;
  const pending = statuses.filter((s) => s === 'pending').length;
  switch (mode) {
    case 'any':
      return approved > 0 ? 'passed' : rejected > 0 ? 'failed' : 'pending';
    case 'all':
      return rejected > 0 ? 'failed' : pending === 0 && approved > 0 ? 'passed' : 'pending';
    case 'quorum': {
      const needed = quorum ?? 1;
      return approved >= needed ? 'passed' : approved + pending < needed ? 'failed' : 'pending';
    }
  }
}
