import { Column, CreateDateColumn, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { LocalizedText } from '@itsm/contracts';
import type { ApprovalMode, ApprovalStatus, ResolvedFrom } from './approval-plan';

/** A hand-over of a pending approval, kept on the approval as its history. */
export interface Delegation {
  from: string;
  to: string;
  by: string;
  reason: string | null;
  at: string;
}

/**
 * One approver slot of one stage: a named user, or "anyone holding `approverRole` in the
 * department `approverDepartmentId`", checked when someone decides.
 */
@Entity('approval')
export class Approval {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') requestId!: string;
  @Column('integer') stageIndex!: number;
  @Column('text') stageKey!: string;
  @Column('jsonb') stageName!: LocalizedText;
  @Column('text') mode!: ApprovalMode;
  @Column('integer', { nullable: true }) quorum!: number | null;
  @Column('text') approverKind!: 'user' | 'role';
  @Column('text', { nullable: true }) approver!: string | null;
  @Column('text', { nullable: true }) approverRole!: string | null;
  @Column('uuid', { nullable: true }) approverDepartmentId!: string | null;
  @Column('jsonb') resolvedFrom!: ResolvedFrom;
  @Column('text') status!: ApprovalStatus;
  @Column('jsonb') delegations!: Delegation[];
  @Column('text', { nullable: true }) decidedBy!: string | null;
  @Column('boolean') override!: boolean;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** The approver as events name it. */
export function approverOf(a: Approval) {
  return a.approverKind === 'user'
    ? { kind: 'user' as const, userId: a.approver! }
    : { kind: 'role' as const, role: a.approverRole!, departmentId: a.approverDepartmentId! };
}

/** What deciding and delegating change: the audit trail's before and after. */
export function approvalState(a: Approval) {
  return {
    status: a.status,
    approver: approverOf(a),
    decidedBy: a.decidedBy,
    override: a.override,
    reason: a.reason,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    delegations: a.delegations,
  };
}

export function approvalResource(a: Approval) {
  return {
    approvalId: a.id,
    requestId: a.requestId,
    stageIndex: a.stageIndex,
    stageKey: a.stageKey,
    stageName: a.stageName,
    mode: a.mode,
    quorum: a.quorum,
    approver: approverOf(a),
    resolvedFrom: a.resolvedFrom,
    status: a.status,
    decidedBy: a.decidedBy,
    override: a.override,
    reason: a.reason,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    delegations: a.delegations,
    createdAt: a.createdAt.toISOString(),
  };
}
