import { z } from 'zod';
import type { TaskTeam } from '@itsm/contracts';
import { CreateDepartment, CreateDepartmentSchema } from '../department/dto/department.dto';
import { CreateTeam, CreateTeamSchema } from '../team/dto/team.dto';
import { CreateRegion, CreateRegionSchema } from '../region/dto/region.dto';
import { CreateBusinessLine, CreateBusinessLineSchema } from '../business-line/dto/business-line.dto';
import { CreateBusinessService, CreateBusinessServiceSchema } from '../business-service/dto/business-service.dto';
import { CreateOffering, CreateOfferingSchema } from '../offering/dto/offering.dto';
import type {
  DemoBusinessLine,
  DemoBusinessLineCode,
  DemoBusinessService,
  DemoDepartment,
  DemoDepartmentCode,
  DemoOffering,
  DemoRegionData,
  DemoTaskTeam,
  DemoTeam,
  DemoTeamCode,
} from './demo-business.types';

/** Ids of the rows created so far, by code: what later rows' references resolve to. */
export class DemoIds {
  private readonly departments = new Map<string, string>();
  private readonly teams = new Map<string, string>();
  private readonly businessLines = new Map<string, string>();

  addDepartment(code: DemoDepartmentCode, id: string): void {
    this.departments.set(code, id);
  }

  addTeam(code: DemoTeamCode, id: string): void {
    this.teams.set(code, id);
  }

  addBusinessLine(code: DemoBusinessLineCode, id: string): void {
    this.businessLines.set(code, id);
  }

  department(code: DemoDepartmentCode): string {
    return found(this.departments, code, 'department');
  }

  team(code: DemoTeamCode): string {
    return found(this.teams, code, 'team');
  }

  businessLine(code: DemoBusinessLineCode): string {
    return found(this.businessLines, code, 'business line');
  }
}

function found(ids: Map<string, string>, code: string, what: string): string {
  const id = ids.get(code);
  // Only reachable if the data is loaded out of order: the code unions rule out unknown codes.
  if (!id) throw new Error(`demo data refers to ${what} '${code}' before it is created`);
  return id;
}

/*
 * Each input goes through the same zod schema as the HTTP body (defaults applied, rules checked),
 * so the demo data cannot drift from what the API accepts.
 */

export function regionInput(r: DemoRegionData): CreateRegion {
  return parseDemo(CreateRegionSchema, r, `region '${r.code}'`);
}

export function departmentInput(d: DemoDepartment): CreateDepartment {
  return parseDemo(CreateDepartmentSchema, d, `department '${d.code}'`);
}

export function teamInput(t: DemoTeam, ids: DemoIds): CreateTeam {
  const { department, ...team } = t;
  return parseDemo(CreateTeamSchema, { ...team, departmentId: ids.department(department) }, `team '${t.code}'`);
}

export function businessLineInput(l: DemoBusinessLine): CreateBusinessLine {
  return parseDemo(CreateBusinessLineSchema, l, `business line '${l.code}'`);
}

export function businessServiceInput(s: DemoBusinessService, ids: DemoIds): CreateBusinessService {
  const { businessLine, ...service } = s;
  return parseDemo(
    CreateBusinessServiceSchema,
    { ...service, businessLineId: ids.businessLine(businessLine) },
    `business service '${s.code}'`,
  );
}

export function offeringInput(o: DemoOffering, ids: DemoIds): CreateOffering {
  const { department, tasks, audience, ...content } = o;
  const input = {
    ...content,
    departmentId: ids.department(department),
    taskPlan: { tasks: tasks.map((task) => ({ ...task, team: taskTeam(task.team, ids) })) },
    audience: { departmentIds: audience.departments.map((code) => ids.department(code)), roles: audience.roles },
  };
  return parseDemo(CreateOfferingSchema, input, `offering '${o.code}'`);
}

function taskTeam(team: DemoTaskTeam, ids: DemoIds): TaskTeam {
  if (team.kind === 'fixed') return { kind: 'fixed', teamId: ids.team(team.team) };
  return {
    kind: 'by-field',
    field: team.field,
    mapping: Object.fromEntries(Object.entries(team.mapping).map(([value, code]) => [value, ids.team(code)])),
    ...(team.defaultTeam ? { defaultTeamId: ids.team(team.defaultTeam) } : {}),
  };
}

function parseDemo<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`demo ${what} is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}
