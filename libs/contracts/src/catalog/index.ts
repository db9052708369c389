import { BusinessLineChangedV1 } from './business-line.events';
import { BusinessServiceChangedV1 } from './business-service.events';
import { DepartmentChangedV1 } from './department.events';
import { OfferingChangedV1, OfferingPublishedV1, OfferingReinstatedV1, OfferingRetiredV1 } from './offering.events';
import { RegionChangedV1 } from './region.events';
import { TeamChangedV1 } from './team.events';

export * from './business-line.events';
export * from './business-service.events';
export * from './department.events';
export * from './offering-version.schema';
export * from './form-vocabulary';
export * from './offering.events';
export * from './region.events';
export * from './team.events';

export const CATALOG_EVENT_CONTRACTS = [
  OfferingChangedV1,
  OfferingPublishedV1,
  OfferingRetiredV1,
  OfferingReinstatedV1,
  BusinessLineChangedV1,
  BusinessServiceChangedV1,
  DepartmentChangedV1,
  TeamChangedV1,
  RegionChangedV1,
] as const;
