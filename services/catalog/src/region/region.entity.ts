import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Region as RegionSnapshot } from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

/** A region the business works in ('cn-south'): what teams cover and forms route work by. */
@Entity('region')
export class Region {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('boolean', { default: false }) archived!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): RegionSnapshot {
    return {
      regionId: this.id,
      code: this.code,
      name: this.name,
      archived: this.archived,
      updatedAt: iso(this.updatedAt),
    };
  }
}
