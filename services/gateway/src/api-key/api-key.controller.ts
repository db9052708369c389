import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, type ApiResponseOptions, ApiTags } from '@nestjs/swagger';
import { ApiCreated, ApiQueryParams, ApiResult, pageSchema, problemResponseRef } from '@itsm/platform/service';
import { documented } from '../openapi/gateway-document';
import { AuthGuard, CurrentPrincipal, type Principal, RequireRoles } from '@itsm/platform/auth';
import { ZodBodyPipe } from '@itsm/platform/errors';
import { ApiKey, ApiKeyStatus } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { keyPrefix } from './api-key-secrets';
import {
  CreateApiKeyInput,
  CreateApiKeySchema,
  ListApiKeysQuery,
  ListApiKeysQuerySchema,
  RotateApiKeyInput,
  RotateApiKeySchema,
} from './dto/api-key.dto';
import { CreateApiKey, IssuedApiKey } from './use-cases/create-api-key';
import { RevokeApiKey } from './use-cases/revoke-api-key';
import { RotateApiKey } from './use-cases/rotate-api-key';

/** What the API shows of a key: never its secret or hash, which nobody can read back. */
export interface ApiKeyResource {
  id: string;
  /** `itsm_<id>`: how the key starts, to recognise it. */
  prefix: string;
  name: string;
  description: string | null;
  scopes: string[];
  department: string | null;
  hmac: boolean;
  status: ApiKeyStatus;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  rotatedAt: string | null;
  /** Until when the secret replaced by the last rotation still works. */
  previousSecretExpiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The resource plus the secrets, shown this once (creation, rotation). */
export type IssuedApiKeyResource = ApiKeyResource & { key: string; signingSecret?: string };

const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const nullableText = { type: ['string', 'null'] };

/** OpenAPI schema of ApiKeyResource. */
const API_KEY_SCHEMA = {
  type: 'object',
  required: ['id', 'prefix', 'name', 'scopes', 'hmac', 'status', 'createdBy', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    prefix: { type: 'string' },
    name: { type: 'string' },
    description: nullableText,
    scopes: { type: 'array', items: { type: 'string' } },
    department: nullableText,
    hmac: { type: 'boolean' },
    status: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: nullableTime,
    rotatedAt: nullableTime,
    previousSecretExpiresAt: nullableTime,
    revokedAt: nullableTime,
    lastUsedAt: nullableTime,
  },
};

/** The key with its secrets, shown once. */
const ISSUED_API_KEY_SCHEMA = {
  ...API_KEY_SCHEMA,
  required: [...API_KEY_SCHEMA.required, 'key'],
  properties: { ...API_KEY_SCHEMA.properties, key: { type: 'string' }, signingSecret: { type: 'string' } },
};

function toResource(key: ApiKey, now = new Date()): ApiKeyResource {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: key.id,
    prefix: keyPrefix(key.id),
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    department: key.department,
    hmac: key.hmac,
    status: key.statusAt(now),
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    expiresAt: iso(key.expiresAt),
    rotatedAt: iso(key.rotatedAt),
    previousSecretExpiresAt: key.previousSecretValidAt(now) ? iso(key.previousSecretExpiresAt) : null,
    revokedAt: iso(key.revokedAt),
    lastUsedAt: iso(key.lastUsedAt),
  };
}

function toIssued({ apiKey, key, signingSecret }: IssuedApiKey): IssuedApiKeyResource {
  return { ...toResource(apiKey), key, ...(signingSecret !== undefined ? { signingSecret } : {}) };
}

/**
 * Integrations' API keys, for platform admins. The gateway checks the bearer token itself here
 * (its own keys, @itsm/platform/auth's AuthGuard): these routes are not proxied to any service.
 */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@UseGuards(AuthGuard)
@RequireRoles('platform-admin')
@Controller('api-keys')
export class ApiKeyController {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly createKey: CreateApiKey,
    private readonly rotateKey: RotateApiKey,
    private readonly revokeKey: RevokeApiKey,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; its secret is shown in this response only · 创建 API 密钥（仅显示一次）' })
  @ApiBody({ schema: documented(CreateApiKeySchema) })
  @ApiCreated(ISSUED_API_KEY_SCHEMA, (issued: IssuedApiKeyResource) => `/api-keys/${issued.id}`, [409])
  @Header('Cache-Control', 'no-store')
  async create(
    @Body(new ZodBodyPipe(CreateApiKeySchema)) body: CreateApiKeyInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IssuedApiKeyResource> {
    return toIssued(await this.createKey.execute(body, actor));
  }

  @Get()
  @ApiOperation({ summary: 'List keys (never their secrets), with last use · 列出密钥' })
  @ApiQueryParams(ListApiKeysQuerySchema)
  @ApiResult(pageSchema(API_KEY_SCHEMA))
  async list(
    @Query(new ZodBodyPipe(ListApiKeysQuerySchema)) query: ListApiKeysQuery,
  ): Promise<{ items: ApiKeyResource[]; nextCursor: string | null }> {
    const page = await this.keys.list(query);
    const now = new Date();
    return { items: page.items.map((key) => toResource(key, now)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiResult(API_KEY_SCHEMA)
  async get(@Param('id') id: string): Promise<ApiKeyResource> {
    return toResource(await this.keys.get(id));
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'New secret (shown once); the old one works for graceSeconds · 轮换密钥' })
  @ApiBody({ schema: documented(RotateApiKeySchema) })
  @HttpCode(200)
  @ApiResult(ISSUED_API_KEY_SCHEMA, [409])
  @Header('Cache-Control', 'no-store')
  async rotate(
    @Param('id') id: string,
    @Body(new ZodBodyPipe(RotateApiKeySchema)) body: RotateApiKeyInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IssuedApiKeyResource> {
    return toIssued(await this.rotateKey.execute(id, body, actor));
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke for good · 吊销' })
  @HttpCode(200)
  @ApiResult(API_KEY_SCHEMA, [409])
  async revoke(@Param('id') id: string, @CurrentPrincipal() actor: Principal): Promise<ApiKeyResource> {
    return toResource(await this.revokeKey.execute(id, actor));
  }

  /** The same as `POST /api-keys/{id}/revoke`: the row stays, for its history. */
  @Delete(':id')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Revoked / 已吊销' })
  @ApiResponse({ status: 409, ...problemResponseRef(409) } as ApiResponseOptions)
  async remove(@Param('id') id: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.revokeKey.execute(id, actor);
  }
}
