import type { DemoBusiness } from './demo-business.types';
import {
  DEMO_BUSINESS_LINES,
  DEMO_BUSINESS_SERVICES,
  DEMO_DEPARTMENTS,
  DEMO_REGIONS,
  DEMO_TEAMS,
} from './demo-organization';
import { DEMO_OFFERINGS } from './demo-offerings';

export type * from './demo-business.types';

/**
 * The demo business `./itsm run` loads (DEMO_DATA=true): a retail chain operating stores across
 * China, with its regions, service desks, support teams, business lines and services, and published
 * offerings for the four business scenarios plus the HR and Facilities desks.
 */
export const DEMO_BUSINESS: DemoBusiness = {
  regions: DEMO_REGIONS,
  departments: DEMO_DEPARTMENTS,
  teams: DEMO_TEAMS,
  businessLines: DEMO_BUSINESS_LINES,
  businessServices: DEMO_BUSINESS_SERVICES,
  offerings: DEMO_OFFERINGS,
};
