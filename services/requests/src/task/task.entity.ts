import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { AssignmentStrategy, LocalizedText, TaskStatus } from '@itsm/contracts';

/** One (re)assignment, kept on the task as its history. */
export interface AssignmentRecord {
  teamId: string | null;
  assignee: string | null;
  strategy: AssignmentStrategy | 'manual' | 'none';
  by: string;
  at: string;
}

/** What completing a task recorded: the checklist ticked and any fields the agent filled in. */
export interface TaskOutputs {
  checklist: { item: string; done: boolean }[];
  fields: Record<string, unknown>;
  note: string | null;
}

/** A task of a request, made from one template of the offering's task plan. */
@Entity('task')
export class Task {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') requestId!: string;
  /** Its request's department (which never changes): a desk's tasks are found without the request. */
  @Column('uuid') departmentId!: string;
  @Column('text') key!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('jsonb', { nullable: true }) description!: LocalizedText | null;
  @Column('uuid', { nullable: true }) teamId!: string | null;
  @Column('text', { nullable: true }) assignee!: string | null;
  @Column('text') status!: TaskStatus;
  @Column('text', { array: true }) dependsOn!: string[];
  /** Items that must be ticked off before the task completes. */
  @Column('jsonb') checklist!: string[];
  /** Items that may stay unticked. */
  @Column('jsonb') optionalChecklist!: string[];
  /** JSON Schema of the fields completing the task records; null: any fields. */
  @Column('jsonb', { nullable: true }) outputSchema!: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) outputs!: TaskOutputs | null;
  /** Why it failed, was skipped, cancelled or reopened. */
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { nullable: true }) dueAt!: Date | null;
  @Column('timestamptz', { nullable: true }) openedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  @Column('jsonb') assignments!: AssignmentRecord[];
  /** What `?q=` finds it by (request-search.ts): written with the task, never read into it. */
  @Column({ type: 'text', array: true, select: false, update: false }) searchTerms?: string[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Per team: how its tasks are shared out (data an admin edits). Its turn counter is AssignmentTurns' alone. */
@Entity('assignment_rule')
export class AssignmentRule {
  @PrimaryColumn('uuid') teamId!: string;
  @Column('text') strategy!: AssignmentStrategy;
  @Column('text', { nullable: true }) updatedBy!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export function taskState(t: Task) {
  return {
    status: t.status,
    teamId: t.teamId,
    assignee: t.assignee,
    reason: t.reason,
    outputs: t.outputs,
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

export function taskResource(t: Task) {
  return {
    taskId: t.id,
    requestId: t.requestId,
    key: t.key,
    name: t.name,
    description: t.description,
    teamId: t.teamId,
    assignee: t.assignee,
    status: t.status,
    dependsOn: t.dependsOn,
    checklist: t.checklist,
    optionalChecklist: t.optionalChecklist,
    outputSchema: t.outputSchema,
    outputs: t.outputs,
    reason: t.reason,
    dueAt: t.dueAt?.toISOString() ?? null,
    openedAt: t.openedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    assignments: t.assignments,
    version: t.version,
    createdAt: t.createdAt.toISOString(),
  };
}
