import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { parseWith } from '@itsm/platform/errors';
import { ListQuerySchema, listPage } from './list-query';
import { ApiCreated, ApiQueryParams, ApiResult, openApiSchema, pageSchema, parseId, resourceSchema } from './http';
import { findOrThrow } from './persistence';
import { Principal, RequireRoles, RequireScopes, Role, CurrentPrincipal } from '@itsm/platform/auth';

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

interface ReferenceDataOptions<
  E extends ReferenceEntity,
  C extends z.ZodType,
  U extends z.ZodType,
  F extends z.ZodRawShape,
> {
  path: string;
  entity: new () => E;
  saver: Type<Saver<E, z.output<C>, z.output<U>>>;
  notFoundCode: string;
  /** The snapshot member holding the id, e.g. `teamId`. */
  idMember: string;
  /** The event snapshot the resource is built from (for the documented response). */
  snapshotSchema: z.ZodType;
  createSchema: C;
  updateSchema: U;
  /** Who may create and change this kind of data. */
  editRoles: Role[];
  /** Checks beyond the role, e.g. a department admin's departments; `id` is set on updates. */
  authorize?: (
    dataSource: DataSource,
    actor: Principal,
    input: z.output<C> | z.output<U>,
    id?: string,
  ) => Promise<void>;
  /** Extra list filters: their query parameters and how they narrow the query (alias `e`). */
  filters: F;
  applyFilters: (qb: SelectQueryBuilder<E>, filters: z.output<z.ZodObject<F>>) => void;
}

/**
 * The same HTTP surface for every piece of reference data (business lines and services,
 * departments, teams): list with cursor and filters, read, create, patch (archive included).
 */
export function ReferenceDataController<
  E extends ReferenceEntity,
  C extends z.ZodType,
  U extends z.ZodType,
  F extends z.ZodRawShape,
>(options: ReferenceDataOptions<E, C, U, F>) {
  const filterQuery = z.object(options.filters);
  const resource = resourceSchema(options.snapshotSchema);
  const toResource = (e: E) => ({ ...e.toSnapshot(), version: e.version, createdAt: e.createdAt.toISOString() });
  const locationOf = (resource: ReturnType<typeof toResource>) =>
    `/${options.path}/${String((resource as Record<string, unknown>)[options.idMember])}`;

  @ApiTags(options.path)
  @Controller(options.path)
  class ReferenceController {
    constructor(
      @Inject(options.saver) readonly saver: Saver<E, z.output<C>, z.output<U>>,
      @Inject(DataSource) readonly dataSource: DataSource,
    ) {}

    @Get()
    @RequireScopes('catalog:read')
    @ApiQueryParams(ListQuerySchema.extend(options.filters))
    @ApiResult(pageSchema(resource))
    async list(@Query() rawQuery: unknown) {
      const q = parseWith(ListQuerySchema, rawQuery);
      const qb = this.dataSource.getRepository(options.entity).createQueryBuilder('e');
      if (!q.includeArchived) qb.andWhere('e.archived = false');
      options.applyFilters(qb, parseWith(filterQuery, rawQuery));
      const page = await listPage(qb, q);
      return { items: page.items.map(toResource), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @RequireScopes('catalog:read')
    @ApiResult(resource)
    async get(@Param('id') rawId: string) {
      return toResource(
        await findOrThrow(this.dataSource.manager, options.entity, parseId(rawId), options.notFoundCode),
      );
    }

    @Post()
    @RequireRoles(...options.editRoles)
    @ApiBody({ schema: openApiSchema(options.createSchema) })
    @ApiCreated(resource, locationOf, [409])
    async create(@Body() body: unknown, @CurrentPrincipal() actor: Principal) {
      const input = parseWith(options.createSchema, body);
      await options.authorize?.(this.dataSource, actor, input);
      return toResource(await this.saver.create(input));
    }

    @Patch(':id')
    @RequireRoles(...options.editRoles)
    @ApiBody({ schema: openApiSchema(options.updateSchema) })
    @ApiResult(resource, [409])
    async update(@Param('id') rawId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
      const id = parseId(rawId);
      const input = parseWith(options.updateSchema, body);
      await options.authorize?.(this.dataSource, actor, input, id);
      return toResource(await this.saver.update(id, input));
    }
  }
  return ReferenceController;
}
