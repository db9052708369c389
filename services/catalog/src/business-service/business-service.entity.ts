import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { BusinessService as BusinessServiceSnapshot, Criticality } from '@itsm/contracts';
import type { LocalizedText } from '@itsm/contracts';
import { iso } from '../shared/iso';

@Entity('business_service')
export class BusinessService {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) code!: string;
  @Column('uuid') businessLineId!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('jsonb', { nullable: true }) description!: LocalizedText | null;
  @Column('text') criticality!: Criticality;
  @Column('text') ownerName!: string;
  @Column('text', { nullable: true }) ownerEmail!: string | null;
  /** Money as numeric, never float; read back as a string by pg and converted at the edge. */
  @Column('numeric', { precision: 14, scale: 2 }) downtimeCostPerHour!: string;
  @Column('char', { length: 3 }) downtimeCostCurrency!: string;
  @Column('integer') typicalUsersAffected!: number;
  @Column('jsonb', { default: {} }) labels!: Record<string, string>;
  @Column('boolean', { default: false }) archived!: boolean;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;

  toSnapshot(): BusinessServiceSnapshot {
    return {
      businessServiceId: this.id,
      code: this.code,
      businessLineId: this.businessLineId,
      name: this.name,
      ...(this.description ? { description: this.description } : {}),
      criticality: this.criticality,
      ownerName: this.ownerName,
      ...(this.ownerEmail ? { ownerEmail: this.ownerEmail } : {}),
      downtimeCostPerHour: { amount: Number(this.downtimeCostPerHour), currency: this.downtimeCostCurrency },
      typicalUsersAffected: this.typicalUsersAffected,
      labels: this.labels,
      archived: this.archived,
      updatedAt: iso(this.updatedAt),
    };
  }
}
