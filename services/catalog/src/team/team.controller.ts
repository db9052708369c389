import { z } from 'zod';
import { RegionCodeSchema, TeamSchema } from '@itsm/contracts';
import { Team } from './team.entity';
import { CreateTeamSchema, UpdateTeamSchema } from './dto/team.dto';
import { SaveTeam } from './use-cases/save-team';
import { ReferenceDataController } from '../shared/reference-data.controller';
import { assertDepartmentScope } from '../shared/access';
import { findOrThrow } from '../shared/persistence';

export class TeamController extends ReferenceDataController({
  path: 'teams',
  entity: Team,
  saver: SaveTeam,
  snapshotSchema: TeamSchema,
  editRoles: ['platform-admin', 'department-admin'],
  // A team's department never changes (not in the update schema), so checking it before the write is enough.
  authorize: async (dataSource, actor, input, id) => {
    const departmentId = id
      ? (await findOrThrow(dataSource.manager, Team, id, 'catalog.team.not_found')).departmentId
      : (input as { departmentId: string }).departmentId;
    await assertDepartmentScope(dataSource.manager, actor, [departmentId]);
  },
  notFoundCode: 'catalog.team.not_found',
  idMember: 'teamId',
  createSchema: CreateTeamSchema,
  updateSchema: UpdateTeamSchema,
  filters: { departmentId: z.uuid().optional(), region: RegionCodeSchema.optional() },
  applyFilters: (qb, f) => {
    if (f.departmentId) qb.andWhere('e.department_id = :departmentId', { departmentId: f.departmentId });
    if (f.region) qb.andWhere(':region = any(e.regions)', { region: f.region });
  },
}) {}
