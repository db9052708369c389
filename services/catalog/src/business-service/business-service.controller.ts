import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseWith } from '@itsm/platform/errors';
import { BusinessService } from './business-service.entity';
import { CreateBusinessServiceSchema, UpdateBusinessServiceSchema } from './dto/business-service.dto';
import { SaveBusinessService } from './use-cases/save-business-service';
import { ListQuerySchema, listPage } from '../shared/list-query';
import { openApiSchema, parseId } from '../shared/http';
import { findOrThrow } from '../shared/persistence';

const toResource = (e: BusinessService) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });

@ApiTags('business-services')
@Controller('business-services')
export class BusinessServiceController {
  constructor(private readonly saveBusinessService: SaveBusinessService, private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() rawQuery: unknown) {
    const q = parseWith(ListQuerySchema, rawQuery);
    const qb = this.dataSource.getRepository(BusinessService).createQueryBuilder('e');
    if (!q.includeArchived) qb.where('e.archived = false');
    const page = await listPage(qb, q);
    return { items: page.items.map(toResource), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id') rawId: string) {
    const id = parseId(rawId);
    return toResource(await findOrThrow(this.dataSource.manager, BusinessService, id, 'catalog.business_service.not_found'));
  }

  @Post()
  @ApiBody({ schema: openApiSchema(CreateBusinessServiceSchema) })
  async create(@Body() body: unknown) {
    return toResource(await this.saveBusinessService.create(parseWith(CreateBusinessServiceSchema, body)));
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateBusinessServiceSchema) })
  async update(@Param('id') rawId: string, @Body() body: unknown) {
    return toResource(await this.saveBusinessService.update(parseId(rawId), parseWith(UpdateBusinessServiceSchema, body)));
  }
}
