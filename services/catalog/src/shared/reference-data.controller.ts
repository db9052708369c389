import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { parseWith } from '@itsm/platform/errors';
import { ListQuerySchema, listPage } from './list-query';
import { ApiResult, openApiSchema, pageSchema, parseId, resourceSchema } from './http';
import { findOrThrow } from './persistence';
import { CanEditCatalog } from './access';

export interface ReferenceEntity extends ObjectLiteral {
  id: string;
  version: number;
  createdAt: Date;
  toSnapshot(): object;
}

export interface Saver<E, C, U> {
  create(input: C): Promise<E>;
  update(id: string, input: U): Promise<E>;
}

interface ReferenceDataOptions<E extends ReferenceEntity, C extends z.ZodType, U extends z.ZodType, F extends z.ZodRawShape> {
  path: string;
  entity: new () => E;
  saver: Type<Saver<E, z.output<C>, z.output<U>>>;
  notFoundCode: string;
  /** The event snapshot the resource is built from (for the documented response). */
  snapshotSchema: z.ZodType;
  createSchema: C;
  updateSchema: U;
  /** Extra list filters: their query parameters and how they narrow the query (alias `e`). */
  filters: F;
  applyFilters: (qb: SelectQueryBuilder<E>, filters: z.output<z.ZodObject<F>>) => void;
}

/**
 * The same HTTP surface for every piece of reference data (business lines and services,
 * departments, teams): list with cursor and filters, read, create, patch (archive included).
 */
export function ReferenceDataController<E extends ReferenceEntity, C extends z.ZodType, U extends z.ZodType, F extends z.ZodRawShape>(
  options: ReferenceDataOptions<E, C, U, F>,
) {
  const filterQuery = z.object(options.filters);
  const resource = resourceSchema(options.snapshotSchema);
  const toResource = (e: E) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });

  @ApiTags(options.path)
  @Controller(options.path)
  class ReferenceController {
    constructor(
      @Inject(options.saver) readonly saver: Saver<E, z.output<C>, z.output<U>>,
      @Inject(DataSource) readonly dataSource: DataSource,
    ) {}

    @Get()
    @ApiResult(pageSchema(resource), [400])
    async list(@Query() rawQuery: unknown) {
      const q = parseWith(ListQuerySchema, rawQuery);
      const qb = this.dataSource.getRepository(options.entity).createQueryBuilder('e');
      if (!q.includeArchived) qb.andWhere('e.archived = false');
      options.applyFilters(qb, parseWith(filterQuery, rawQuery));
      const page = await listPage(qb, q);
      return { items: page.items.map(toResource), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @ApiResult(resource)
    async get(@Param('id') rawId: string) {
      return toResource(await findOrThrow(this.dataSource.manager, options.entity, parseId(rawId), options.notFoundCode));
    }

    @Post()
    @CanEditCatalog()
    @ApiBody({ schema: openApiSchema(options.createSchema) })
    @ApiResult(resource, [400, 409, 413], 201)
    async create(@Body() body: unknown) {
      return toResource(await this.saver.create(parseWith(options.createSchema, body)));
    }

    @Patch(':id')
    @CanEditCatalog()
    @ApiBody({ schema: openApiSchema(options.updateSchema) })
    @ApiResult(resource, [400, 404, 409, 413])
    async update(@Param('id') rawId: string, @Body() body: unknown) {
      return toResource(await this.saver.update(parseId(rawId), parseWith(options.updateSchema, body)));
    }
  }
  return ReferenceController;
}
