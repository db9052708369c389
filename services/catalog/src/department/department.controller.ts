import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseWith } from '@itsm/platform/errors';
import { Department } from './department.entity';
import { CreateDepartmentSchema, UpdateDepartmentSchema } from './dto/department.dto';
import { SaveDepartment } from './use-cases/save-department';
import { ListQuerySchema, listPage } from '../shared/list-query';
import { openApiSchema, parseId } from '../shared/http';
import { findOrThrow } from '../shared/persistence';

const toResource = (e: Department) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });

@ApiTags('departments')
@Controller('departments')
export class DepartmentController {
  constructor(private readonly saveDepartment: SaveDepartment, private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() rawQuery: unknown) {
    const q = parseWith(ListQuerySchema, rawQuery);
    const qb = this.dataSource.getRepository(Department).createQueryBuilder('e');
    if (!q.includeArchived) qb.where('e.archived = false');
    const page = await listPage(qb, q);
    return { items: page.items.map(toResource), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id') rawId: string) {
    const id = parseId(rawId);
    return toResource(await findOrThrow(this.dataSource.manager, Department, id, 'catalog.department.not_found'));
  }

  @Post()
  @ApiBody({ schema: openApiSchema(CreateDepartmentSchema) })
  async create(@Body() body: unknown) {
    return toResource(await this.saveDepartment.create(parseWith(CreateDepartmentSchema, body)));
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateDepartmentSchema) })
  async update(@Param('id') rawId: string, @Body() body: unknown) {
    return toResource(await this.saveDepartment.update(parseId(rawId), parseWith(UpdateDepartmentSchema, body)));
  }
}
