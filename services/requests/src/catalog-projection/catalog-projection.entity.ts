import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  ApprovalPolicy,
  Audience,
  LocalizedText,
  PromisedDelivery,
  Reminder,
  TaskPlan,
  TeamMember,
} from '@itsm/contracts';

/*
 * The requests service's copy of what it needs from the catalog, kept from catalog events
 * (catalog-projection.consumer.ts). Read-only for everything else in this service.
 */

@Entity('catalog_department')
export class CatalogDepartment {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') kind!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('boolean') archived!: boolean;
  @Column('timestamptz') sourceUpdatedAt!: Date;
}

@Entity('catalog_business_line')
export class CatalogBusinessLine {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('boolean') archived!: boolean;
  @Column('timestamptz') sourceUpdatedAt!: Date;
}

@Entity('catalog_business_service')
export class CatalogBusinessService {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('uuid') businessLineId!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('text') criticality!: string;
  @Column('text') ownerName!: string;
  @Column('text', { nullable: true }) ownerEmail!: string | null;
  @Column('boolean') archived!: boolean;
  @Column('timestamptz') sourceUpdatedAt!: Date;
}

@Entity('catalog_team')
export class CatalogTeam {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('uuid') departmentId!: string;
  @Column('jsonb') name!: LocalizedText;
  @Column('text', { array: true }) regions!: string[];
  @Column('jsonb') members!: TeamMember[];
  @Column('boolean') archived!: boolean;
  @Column('timestamptz') sourceUpdatedAt!: Date;
}

/** Which versions of an offering exist here and whether it still takes requests. */
@Entity('catalog_offering')
export class CatalogOffering {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  /** The highest published version seen; null when only its retirement has arrived so far. */
  @Column('integer', { nullable: true }) latestVersion!: number | null;
  @Column('boolean') retired!: boolean;
  @Column('integer', { nullable: true }) retiredVersion!: number | null;
  @Column('timestamptz', { nullable: true }) retiredAt!: Date | null;
}

/** A published offering version: immutable, so requests pinned to it always find the same content. */
@Entity('catalog_offering_version')
export class CatalogOfferingVersion {
  @PrimaryColumn('uuid') offeringId!: string;
  @PrimaryColumn('integer') version!: number;
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
  @Column('timestamptz') publishedAt!: Date;
}

export const CATALOG_PROJECTION_ENTITIES = [
  CatalogDepartment,
  CatalogBusinessLine,
  CatalogBusinessService,
  CatalogTeam,
  CatalogOffering,
  CatalogOfferingVersion,
];
