import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseWith } from '@itsm/platform/errors';
import { BusinessLine } from './business-line.entity';
import { CreateBusinessLineSchema, UpdateBusinessLineSchema } from './dto/business-line.dto';
import { SaveBusinessLine } from './use-cases/save-business-line';
import { ListQuerySchema, listPage } from '../shared/list-query';
import { openApiSchema, parseId } from '../shared/http';
import { findOrThrow } from '../shared/persistence';

const toResource = (e: BusinessLine) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });

@ApiTags('business-lines')
@Controller('business-lines')
export class BusinessLineController {
  constructor(private readonly saveBusinessLine: SaveBusinessLine, private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() rawQuery: unknown) {
    const q = parseWith(ListQuerySchema, rawQuery);
    const qb = this.dataSource.getRepository(BusinessLine).createQueryBuilder('e');
    if (!q.includeArchived) qb.where('e.archived = false');
    const page = await listPage(qb, q);
    return { items: page.items.map(toResource), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id') rawId: string) {
    const id = parseId(rawId);
    return toResource(await findOrThrow(this.dataSource.manager, BusinessLine, id, 'catalog.business_line.not_found'));
  }

  @Post()
  @ApiBody({ schema: openApiSchema(CreateBusinessLineSchema) })
  async create(@Body() body: unknown) {
    return toResource(await this.saveBusinessLine.create(parseWith(CreateBusinessLineSchema, body)));
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateBusinessLineSchema) })
  async update(@Param('id') rawId: string, @Body() body: unknown) {
    return toResource(await this.saveBusinessLine.update(parseId(rawId), parseWith(UpdateBusinessLineSchema, body)));
  }
}
