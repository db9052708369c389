import type { z } from 'zod';
import type { TaskTemplateSchema } from '@itsm/contracts';
import type { CreateDepartmentSchema } from '../department/dto/department.dto';
import type { CreateTeamSchema } from '../team/dto/team.dto';
import type { CreateRegionSchema } from '../region/dto/region.dto';
import type { CreateBusinessLineSchema } from '../business-line/dto/business-line.dto';
import type { CreateBusinessServiceSchema } from '../business-service/dto/business-service.dto';
import type { CreateOfferingSchema } from '../offering/dto/offering.dto';

/*
 * The demo business is written with the API's own input types, except that it refers to other
 * rows by code: ids only exist once the rows are created, so the loader resolves codes to ids.
 * The code unions make a dangling reference a compile error.
 */

export type DemoDepartmentCode = 'it' | 'hr' | 'facilities' | 'finance' | 'legal';

export type DemoTeamCode =
  | 'it-service-desk'
  | 'identity-access'
  | 'end-user-computing'
  | 'collaboration-platforms'
  | 'network-south'
  | 'network-east'
  | 'network-north'
  | 'store-it-south'
  | 'store-it-east'
  | 'store-it-north'
  | 'security-operations'
  | 'application-support'
  | 'monitoring-sre'
  | 'hr-operations'
  | 'hr-onboarding'
  | 'facilities-south'
  | 'facilities-east'
  | 'finance-operations'
  | 'legal-contracts';

export type DemoBusinessLineCode = 'retail-stores' | 'e-commerce' | 'supply-chain' | 'corporate-functions';

export type DemoRegion = 'cn-south' | 'cn-east' | 'cn-north';

export type DemoRegionData = z.input<typeof CreateRegionSchema> & { code: DemoRegion };

export type DemoDepartment = z.input<typeof CreateDepartmentSchema> & { code: DemoDepartmentCode };

export type DemoTeam = Omit<z.input<typeof CreateTeamSchema>, 'departmentId' | 'regions'> & {
  code: DemoTeamCode;
  department: DemoDepartmentCode;
  regions: DemoRegion[];
};

export type DemoBusinessLine = z.input<typeof CreateBusinessLineSchema> & { code: DemoBusinessLineCode };

export type DemoBusinessService = Omit<z.input<typeof CreateBusinessServiceSchema>, 'businessLineId'> & {
  businessLine: DemoBusinessLineCode;
};

export type DemoTaskTeam =
  | { kind: 'fixed'; team: DemoTeamCode }
  | { kind: 'by-field'; field: string; mapping: Record<string, DemoTeamCode>; defaultTeam?: DemoTeamCode };

export type DemoTask = Omit<z.input<typeof TaskTemplateSchema>, 'team'> & { team: DemoTaskTeam };

export type DemoOffering = Omit<z.input<typeof CreateOfferingSchema>, 'departmentId' | 'taskPlan' | 'audience'> & {
  department: DemoDepartmentCode;
  tasks: DemoTask[];
  /** Who may request it; empty lists mean everyone. */
  audience: { departments: DemoDepartmentCode[]; roles: string[] };
};

export interface DemoBusiness {
  /** Created first: teams cover only regions the catalog knows. */
  regions: DemoRegionData[];
  departments: DemoDepartment[];
  teams: DemoTeam[];
  businessLines: DemoBusinessLine[];
  businessServices: DemoBusinessService[];
  /** All loaded as published offerings. */
  offerings: DemoOffering[];
}
