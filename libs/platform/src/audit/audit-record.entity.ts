import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One state change: who, when, what (before and after) and from where. Append-only. */
@Entity('audit_record')
export class AuditRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column('text')
  actorSubject!: string;

  @Column('text')
  actorKind!: string;

  @Column('text')
  action!: string;

  @Column('text')
  objectType!: string;

  @Column('text')
  objectId!: string;

  @Column({ type: 'text', nullable: true })
  department!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  @Column({ type: 'uuid', array: true })
  eventIds!: string[];

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  clientAddress!: string | null;

  @Column({ type: 'text', nullable: true })
  forwardedFor!: string | null;
}
