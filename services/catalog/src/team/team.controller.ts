import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseWith } from '@itsm/platform/errors';
import { Team } from './team.entity';
import { CreateTeamSchema, UpdateTeamSchema } from './dto/team.dto';
import { SaveTeam } from './use-cases/save-team';
import { ListQuerySchema, listPage } from '../shared/list-query';
import { openApiSchema, parseId } from '../shared/http';
import { findOrThrow } from '../shared/persistence';

const toResource = (e: Team) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });

@ApiTags('teams')
@Controller('teams')
export class TeamController {
  constructor(private readonly saveTeam: SaveTeam, private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() rawQuery: unknown) {
    const q = parseWith(ListQuerySchema, rawQuery);
    const qb = this.dataSource.getRepository(Team).createQueryBuilder('e');
    if (!q.includeArchived) qb.where('e.archived = false');
    const page = await listPage(qb, q);
    return { items: page.items.map(toResource), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id') rawId: string) {
    const id = parseId(rawId);
    return toResource(await findOrThrow(this.dataSource.manager, Team, id, 'catalog.team.not_found'));
  }

  @Post()
  @ApiBody({ schema: openApiSchema(CreateTeamSchema) })
  async create(@Body() body: unknown) {
    return toResource(await this.saveTeam.create(parseWith(CreateTeamSchema, body)));
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateTeamSchema) })
  async update(@Param('id') rawId: string, @Body() body: unknown) {
    return toResource(await this.saveTeam.update(parseId(rawId), parseWith(UpdateTeamSchema, body)));
  }
}
