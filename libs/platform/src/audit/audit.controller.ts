import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, type ApiResponseOptions, ApiTags } from '@nestjs/swagger';
import { problemResponseRef } from '../service/openapi-document';
import { ApiQueryParams } from '../service/http-api';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Principal } from '../auth';
import { ForbiddenError, NotFoundError, parseWith } from '../errors';
import { AuditAccessPolicy } from './audit-access.policy';
import { AuditRecord } from './audit-record.entity';
import { AuditQuerySchema, findAuditRecords } from './audit-query';
import { localized } from '@itsm/contracts';

/** An audit record as the API shows it. */
export function auditRecordResource(r: AuditRecord) {
  return {
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    actor: { subject: r.actorSubject, kind: r.actorKind },
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    department: r.department,
    before: r.before,
    after: r.after,
    eventIds: r.eventIds,
    requestId: r.requestId,
    clientAddress: r.clientAddress,
    forwardedFor: r.forwardedFor,
  };
}

const RECORD_SCHEMA = {
  type: 'object',
  required: ['id', 'occurredAt', 'actor', 'action', 'objectType', 'objectId', 'before', 'after', 'eventIds'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    occurredAt: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object',
      properties: { subject: { type: 'string' }, kind: { enum: ['user', 'api-key', 'service', 'anonymous'] } },
    },
    action: { type: 'string', examples: ['offering.published'] },
    objectType: { type: 'string' },
    objectId: { type: 'string' },
    department: { type: ['string', 'null'] },
    before: { description: 'The object before the change; null when it was created. Secrets are redacted. / 变更前' },
    after: { description: 'The object after the change. / 变更后' },
    eventIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
    requestId: { type: ['string', 'null'] },
    clientAddress: { type: ['string', 'null'] },
    forwardedFor: { type: ['string', 'null'] },
  },
};

/**
 * The service's audit trail, newest first: one object's history (for whoever may see the object)
 * or one actor's actions (for the actor themself, a platform admin, or a department admin within
 * their departments).
 */
@ApiTags('audit-records')
@ApiBearerAuth('bearer')
@Controller('audit-records')
export class AuditController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditAccessPolicy) private readonly policy: AuditAccessPolicy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit trail of one object or one actor · 审计记录' })
  @ApiQueryParams(AuditQuerySchema)
  @ApiResponse({
    status: 404,
    ...problemResponseRef(404),
    description: 'No such object that you may see / 没有您可查看的对象',
  } as ApiResponseOptions)
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: { items: { type: 'array', items: RECORD_SCHEMA }, nextCursor: { type: ['string', 'null'] } },
    },
  })
  async list(@Query() raw: unknown, @CurrentPrincipal() principal: Principal) {
    const query = parseWith(AuditQuerySchema, raw);
    const manager = this.dataSource.manager;
    let restrict: { departments: string[] } | undefined;
    if (query.objectType !== undefined && query.objectId !== undefined) {
      // Not allowed to see the object: answer as if it had no history rather than confirm it exists.
      if (!(await this.policy.canSeeObject(principal, query.objectType, query.objectId, manager))) {
        throw new NotFoundError(
          'audit.object.not_found',
          localized(
            `no ${query.objectType} ${query.objectId} you may see`,
            `没有您可查看的 ${query.objectType} ${query.objectId}`,
          ),
        );
      }
    } else if (query.actor !== principal.subject && !principal.roles.includes('platform-admin')) {
      if (!principal.roles.includes('department-admin')) {
        throw new ForbiddenError(
          'audit.actor.forbidden',
          localized(
            "only platform and department admins may read another actor's audit trail",
            '只有平台管理员和部门管理员可以查看他人的审计记录',
          ),
        );
      }
      restrict = { departments: principal.departments };
    }
    const page = await findAuditRecords(manager, query, restrict);
    return { items: page.items.map(auditRecordResource), nextCursor: page.nextCursor };
  }
}
