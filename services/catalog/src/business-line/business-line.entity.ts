import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { BusinessLine as BusinessLineSnapshot } from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

@Entity('business_line')
export class BusinessLine {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('jsonb', { nullable: true }) description!: LocalizedText | null;
  @Column('boolean', { default: false }) archived!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): BusinessLineSnapshot {
    return {
      businessLineId: this.id,
      code: this.code,
      name: this.name,
      ...(this.description ? { description: this.description } : {}),
      archived: this.archived,
      updatedAt: iso(this.updatedAt),
    };
  }
}
