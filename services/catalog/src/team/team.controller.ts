import { z } from 'zod';
import { RegionCodeSchema, TeamSchema } from '@itsm/contracts';
import { Team } from './team.entity';
import { CreateTeamSchema, UpdateTeamSchema } from './dto/team.dto';
import { SaveTeam } from './use-cases/save-team';
import { ReferenceDataController } from '../shared/reference-data.controller';

export class TeamController extends ReferenceDataController({
  path: 'teams',
  entity: Team,
  saver: SaveTeam,
  snapshotSchema: TeamSchema,
  notFoundCode: 'catalog.team.not_found',
  createSchema: CreateTeamSchema,
  updateSchema: UpdateTeamSchema,
  filters: { departmentId: z.uuid().optional(), region: RegionCodeSchema.optional() },
  applyFilters: (qb, f) => {
    if (f.departmentId) qb.andWhere('e.department_id = :departmentId', { departmentId: f.departmentId });
    if (f.region) qb.andWhere(':region = any(e.regions)', { region: f.region });
  },
}) {}
