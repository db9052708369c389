import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Team as TeamSnapshot, TeamMember } from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

@Entity('team')
export class Team {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('uuid') departmentId!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('text', { array: true, default: () => "'{}'" }) regions!: string[];
  @Column('jsonb', { default: [] }) members!: TeamMember[];
  @Column('boolean', { default: false }) archived!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): TeamSnapshot {
    return {
      teamId: this.id,
      code: this.code,
      departmentId: this.departmentId,
      name: this.name,
      regions: this.regions,
      members: this.members,
      archived: this.archived,
      updatedAt: iso(this.updatedAt),
    };
  }
}
