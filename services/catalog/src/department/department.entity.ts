import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Department as DepartmentSnapshot, DepartmentKind } from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

/** A department runs its own service desk (IT, HR, Facilities, Finance, Legal). */
@Entity('department')
export class Department {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('text') kind!: DepartmentKind;
  @Column('jsonb') name!: LocalizedText;
  @Column('jsonb', { nullable: true }) description!: LocalizedText | null;
  @Column('boolean', { default: false }) archived!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): DepartmentSnapshot {
    return {
      departmentId: this.id,
      code: this.code,
      kind: this.kind,
      name: this.name,
      ...(this.description ? { description: this.description } : {}),
      archived: this.archived,
      updatedAt: iso(this.updatedAt),
    };
  }
}
