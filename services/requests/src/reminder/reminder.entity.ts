import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocalizedText } from '@itsm/contracts';

export type ReminderStatus = 'scheduled' | 'fired' | 'cancelled';

/** A durable timer: one of the offering's reminders for one request, due at `fireAt`. */
@Entity('reminder')
export class ReminderTimer {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') requestId!: string;
  @Column('text') reminderKey!: string;
  /** `readiness-report` or `reminder` (the offering contract's kinds). */
  @Column('text') kind!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('text') anchorField!: string;
  @Column('text') anchorDate!: string;
  @Column('text') timeZone!: string;
  @Column('timestamptz') fireAt!: Date;
  @Column('text') status!: ReminderStatus;
  @Column('integer') attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { nullable: true }) firedAt!: Date | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}
