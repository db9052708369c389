import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import {
  ApprovalPolicy,
  Audience,
  OfferingStatus,
  OfferingVersion as OfferingVersionSnapshot,
  PromisedDelivery,
  Reminder,
  TaskPlan,
} from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

/**
 * The offering as a whole: its code and which versions are live. Lifecycle: draft (never
 * published) → published → retired. The versions hold the content.
 */
@Entity('offering')
export class Offering {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('text') status!: OfferingStatus;
  /** The version requesters get now; null until first published. */
  @Column('integer', { nullable: true }) publishedVersion!: number | null;
  /** The version being edited; null when there is no open draft. */
  @Column('integer', { nullable: true }) draftVersion!: number | null;
  @Column('integer') latestVersion!: number;
  @Column('timestamptz', { nullable: true }) retiredAt!: Date | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Where an offering stands in its lifecycle: the part publishing and retiring change (for the audit trail). */
export function lifecycleOf(offering: Offering) {
  const { status, publishedVersion, draftVersion, latestVersion, retiredAt } = offering;
  return { status, publishedVersion, draftVersion, latestVersion, retiredAt: retiredAt?.toISOString() ?? null };
}

/** One version of an offering's content. A published version is never edited again. */
@Entity('offering_version')
export class OfferingVersion {
  @PrimaryColumn('uuid') offeringId!: string;
  @PrimaryColumn('integer') version!: number;
  @Column('text') status!: OfferingStatus;
  @Column('text') code!: string;
  @Column('text') scenario!: string;
  @Column('uuid') departmentId!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('jsonb') description!: LocalizedText;
  @Column('jsonb') formSchema!: Record<string, unknown>;
  @Column('jsonb') taskPlan!: TaskPlan;
  @Column('jsonb') approvalPolicy!: ApprovalPolicy;
  @Column('jsonb') reminders!: Reminder[];
  @Column('jsonb') promisedDelivery!: PromisedDelivery;
  @Column('jsonb') audience!: Audience;
  @Column('timestamptz', { nullable: true }) publishedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): OfferingVersionSnapshot {
    return {
      offeringId: this.offeringId,
      version: this.version,
      status: this.status,
      code: this.code,
      scenario: this.scenario,
      departmentId: this.departmentId,
      name: this.name,
      description: this.description,
      formSchema: this.formSchema,
      taskPlan: this.taskPlan,
      approvalPolicy: this.approvalPolicy,
      reminders: this.reminders,
      promisedDelivery: this.promisedDelivery,
      audience: this.audience,
      publishedAt: this.publishedAt ? iso(this.publishedAt) : null,
      updatedAt: iso(this.updatedAt),
    };
  }
}
