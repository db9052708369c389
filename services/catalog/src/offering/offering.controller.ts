import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { pageOf } from '@itsm/platform/database';
import { parseWith } from '@itsm/platform/errors';
import {
  CreateOfferingSchema,
  ListOfferingsQuerySchema,
  OfferingListItemSchema,
  OfferingResourceSchema,
  UpdateOfferingDraftSchema,
} from './dto/offering.dto';
import { OfferingVersionSchema } from '@itsm/contracts';
import { Offering, OfferingVersion } from './offering.entity';
import { listOfferings, OfferingRepository } from './offering.repository';
import { CreateOfferingUseCase } from './use-cases/create-offering';
import { UpdateOfferingDraftUseCase } from './use-cases/update-offering-draft';
import { PublishOfferingUseCase } from './use-cases/publish-offering';
import { RetireOfferingUseCase } from './use-cases/retire-offering';
import { ReinstateOfferingUseCase } from './use-cases/reinstate-offering';
import {
  ApiCreated,
  ApiQueryParams,
  ApiResult,
  openApiSchema,
  pageSchema,
  parseId,
  responseSchema,
} from '../shared/http';
import { CanEditDepartmentData, CanEditPlatformData } from '../shared/access';
import { CurrentPrincipal, Principal, RequireScopes } from '@itsm/platform/auth';
import { cursorId } from '@itsm/platform/service';

const LifecycleBodySchema = z.strictObject({ expectedVersion: z.number().int().min(1).optional() }).default({});
const offeringDoc = responseSchema(OfferingResourceSchema);
const versionDoc = responseSchema(OfferingVersionSchema);

const VersionParamSchema = z.object({ version: z.coerce.number().int().min(1).max(1_000_000) });

function toResource(o: Offering, published: OfferingVersion | null, draft: OfferingVersion | null) {
  return {
    offeringId: o.id,
    code: o.code,
    status: o.status,
    publishedVersion: o.publishedVersion,
    draftVersion: o.draftVersion,
    latestVersion: o.latestVersion,
    retiredAt: o.retiredAt?.toISOString() ?? null,
    version: o.version,
    published: published?.toSnapshot() ?? null,
    draft: draft?.toSnapshot() ?? null,
  };
}

@ApiTags('offerings')
@Controller('offerings')
export class OfferingController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly offerings: OfferingRepository,
    private readonly createOffering: CreateOfferingUseCase,
    private readonly updateDraft: UpdateOfferingDraftUseCase,
    private readonly publishOffering: PublishOfferingUseCase,
    private readonly retireOffering: RetireOfferingUseCase,
    private readonly reinstateOffering: ReinstateOfferingUseCase,
  ) {}

  /** Offerings with the version requesters see (or the draft, before the first publish). */
  @Get()
  @RequireScopes('catalog:read')
  @ApiQueryParams(ListOfferingsQuerySchema)
  @ApiResult(pageSchema(responseSchema(OfferingListItemSchema)))
  async list(@Query() rawQuery: unknown) {
    const q = parseWith(ListOfferingsQuerySchema, rawQuery);
    const rows = await listOfferings(this.dataSource, { ...q, afterId: cursorId(q.cursor) });
    const page = pageOf(rows, q.limit, (r) => ({ id: r.offering.id }));
    return {
      items: page.items.map(({ offering, current }) => ({
        offeringId: offering.id,
        code: offering.code,
        status: offering.status,
        publishedVersion: offering.publishedVersion,
        draftVersion: offering.draftVersion,
        current: current.toSnapshot(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id')
  @RequireScopes('catalog:read')
  @ApiResult(offeringDoc)
  async get(@Param('id') rawId: string) {
    return this.resource(await this.offerings.get(parseId(rawId)));
  }

  @Get(':id/versions')
  @RequireScopes('catalog:read')
  @ApiResult({ type: 'object', properties: { items: { type: 'array', items: versionDoc } } })
  async versions(@Param('id') rawId: string) {
    const offering = await this.offerings.get(parseId(rawId));
    return { items: (await this.offerings.versions(offering.id)).map((v) => v.toSnapshot()) };
  }

  @Get(':id/versions/:version')
  @RequireScopes('catalog:read')
  @ApiResult(versionDoc)
  async version(@Param('id') rawId: string, @Param('version') rawVersion: string) {
    const { version } = parseWith(VersionParamSchema, { version: rawVersion });
    return (await this.offerings.version(parseId(rawId), version)).toSnapshot();
  }

  @Post()
  @CanEditDepartmentData()
  @ApiBody({ schema: openApiSchema(CreateOfferingSchema) })
  @ApiCreated(offeringDoc, (offering: { offeringId: string }) => `/offerings/${offering.offeringId}`, [409])
  async create(@Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { offering, draft } = await this.createOffering.execute(parseWith(CreateOfferingSchema, body), actor);
    return toResource(offering, null, draft);
  }

  /** Edits the draft; on a published offering this opens the next draft version. */
  @Patch(':id/draft')
  @CanEditDepartmentData()
  @ApiBody({ schema: openApiSchema(UpdateOfferingDraftSchema) })
  @ApiResult(offeringDoc, [409])
  async update(@Param('id') rawId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { offering } = await this.updateDraft.execute(
      parseId(rawId),
      parseWith(UpdateOfferingDraftSchema, body),
      actor,
    );
    return this.resource(offering);
  }

  @Post(':id/publish')
  @CanEditDepartmentData()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(LifecycleBodySchema), required: false })
  @ApiResult(offeringDoc, [409])
  async publish(@Param('id') rawId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { expectedVersion } = parseWith(LifecycleBodySchema, body ?? {});
    const { offering } = await this.publishOffering.execute(parseId(rawId), actor, expectedVersion);
    return this.resource(offering);
  }

  @Post(':id/retire')
  @CanEditDepartmentData()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(LifecycleBodySchema), required: false })
  @ApiResult(offeringDoc, [409])
  async retire(@Param('id') rawId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { expectedVersion } = parseWith(LifecycleBodySchema, body ?? {});
    return this.resource(await this.retireOffering.execute(parseId(rawId), actor, expectedVersion));
  }

  /** Undoes a retirement: the last published version takes requests again. Platform admins only. */
  @Post(':id/reinstate')
  @CanEditPlatformData()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(LifecycleBodySchema), required: false })
  @ApiResult(offeringDoc, [400, 403, 404, 409])
  async reinstate(@Param('id') rawId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { expectedVersion } = parseWith(LifecycleBodySchema, body ?? {});
    return this.resource(await this.reinstateOffering.execute(parseId(rawId), actor, expectedVersion));
  }

  private async resource(offering: Offering) {
    const published = offering.publishedVersion
      ? await this.offerings.version(offering.id, offering.publishedVersion)
      : null;
    const draft = offering.draftVersion ? await this.offerings.version(offering.id, offering.draftVersion) : null;
    return toResource(offering, published, draft);
  }
}
