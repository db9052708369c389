import { Column, CreateDateColumn, Entity, Generated, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { BusinessContext, LocalizedText, RequestPriority, RequestStatus } from '@itsm/contracts';

export type RequestOutcome = 'fulfilled' | 'rejected' | 'cancelled';

/** A business request for one published offering version (pinned at submission). */
@Entity('request')
export class Request {
  @PrimaryColumn('uuid') id!: string;
  /** From the column's sequence (given by the insert); shown as REQ-000042. node-postgres reads bigint as a string. */
  @Column('bigint') @Generated('increment') number!: string;
  @Column('uuid') offeringId!: string;
  @Column('integer') offeringVersion!: number;
  @Column('text') offeringCode!: string;
  @Column('text') scenario!: string;
  /** The offering's department: whose desk handles it. */
  @Column('uuid') departmentId!: string;
  @Column('text') requesterId!: string;
  @Column('text', { nullable: true }) onBehalfOf!: string | null;
  @Column('text', { array: true }) watchers!: string[];
  @Column('text') priority!: RequestPriority;
  @Column('text') status!: RequestStatus;
  /** How it ended, kept once closed: only a fulfilled request may be reopened. */
  @Column('text', { nullable: true }) outcome!: RequestOutcome | null;
  /** A failed task holds fulfilment until it is retried or skipped. */
  @Column('boolean') onHold!: boolean;
  @Column('jsonb') formData!: Record<string, unknown>;
  @Column('jsonb') businessContext!: BusinessContext;
  @Column('text', { nullable: true }) region!: string | null;
  @Column('uuid', { nullable: true }) businessLineId!: string | null;
  @Column('uuid', { nullable: true }) businessServiceId!: string | null;
  @Column('timestamptz') promisedAt!: Date;
  @Column('timestamptz') submittedAt!: Date;
  @Column('timestamptz', { nullable: true }) fulfilledAt!: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt!: Date | null;
  /** Index of the approval stage waiting for decisions; null outside approval. */
  @Column('integer', { nullable: true }) currentStage!: number | null;
  @Column('integer') reopenCount!: number;
  /** What `?q=` finds it by (request-search.ts): written with the request, never read into it. */
  @Column({ type: 'text', array: true, select: false, update: false }) searchTerms?: string[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export function requestNumber(n: string | number): string {
  return `REQ-${String(n).padStart(6, '0')}`;
}

/** How every event identifies the request (contracts: requestRefShape). */
export function requestRef(r: Request) {
  return {
    requestId: r.id,
    number: requestNumber(r.number),
    offeringId: r.offeringId,
    offeringVersion: r.offeringVersion,
    offeringCode: r.offeringCode,
    scenario: r.scenario,
    departmentId: r.departmentId,
    businessLineId: r.businessLineId,
    businessServiceId: r.businessServiceId,
    region: r.region,
    priority: r.priority,
  };
}

/** The part of a request state changes touch: the audit trail's before and after. */
export function requestState(r: Request) {
  return {
    status: r.status,
    outcome: r.outcome,
    onHold: r.onHold,
    currentStage: r.currentStage,
    priority: r.priority,
    watchers: [...r.watchers],
    fulfilledAt: r.fulfilledAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    reopenCount: r.reopenCount,
  };
}

/** A comment on a request; internal ones are notes among agents that requesters do not see. */
@Entity('request_comment')
export class RequestComment {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') requestId!: string;
  @Column('text') author!: string;
  @Column('text') body!: string;
  @Column('boolean') internal!: boolean;
  @Column('timestamptz') createdAt!: Date;
}

/** One thing that happened to a request, in the words people read. Append-only. */
@Entity('timeline_entry')
export class TimelineEntry {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') requestId!: string;
  @Column('timestamptz') occurredAt!: Date;
  @Column('text') kind!: string;
  @Column('text') actor!: string;
  @Column('jsonb') summary!: LocalizedText;
  @Column('jsonb') data!: Record<string, unknown>;
  @Column('boolean') internal!: boolean;
}

/** A response given to an Idempotency-Key, replayed for the same key and body. */
@Entity('request_idempotency')
export class RequestIdempotency {
  @PrimaryColumn('text') subject!: string;
  @PrimaryColumn('text') idempotencyKey!: string;
  @Column('text') bodyHash!: string;
  @Column('uuid') requestId!: string;
  @Column('jsonb') response!: Record<string, unknown>;
  @Column('timestamptz') createdAt!: Date;
}
