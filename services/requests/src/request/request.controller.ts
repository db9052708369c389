import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, RequireRoles, RequireScopes } from '@itsm/platform/auth';
import { parseWith } from '@itsm/platform/errors';
import { ApiCreated, ApiQueryParams, ApiResult, cursorId, openApiSchema, pageSchema, parseId } from '../shared/http';
import { AGENT_ROLES, isStaffOf } from '../shared/access';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { approvalResource } from '../approval/approval.entity';
import { ApprovalRepository } from '../approval/approval.repository';
import { taskResource } from '../task/task.entity';
import { TaskRepository } from '../task/task.repository';
import {
  AddCommentSchema,
  IdempotencyKeySchema,
  ListRequestsQuerySchema,
  PageQuerySchema,
  ReasonBodySchema,
  SubmitRequestSchema,
  UpdateRequestSchema,
} from './dto/request.dto';
import { Request } from './request.entity';
import { RequestRepository } from './request.repository';
import {
  COMMENT_RESOURCE_SCHEMA,
  commentResource,
  REQUEST_RESOURCE_SCHEMA,
  requestResource,
  TIMELINE_ENTRY_SCHEMA,
  timelineResource,
} from './request.resource';
import { SubmitRequestUseCase } from './use-cases/submit-request';
import { CancelRequestUseCase } from './use-cases/cancel-request';
import { CloseRequestUseCase } from './use-cases/close-request';
import { ReopenRequestUseCase } from './use-cases/reopen-request';
import { UpdateRequestUseCase } from './use-cases/update-request';
import { AddCommentUseCase } from './use-cases/add-comment';

@ApiTags('requests')
@Controller('requests')
export class RequestController {
  constructor(
    private readonly requests: RequestRepository,
    private readonly approvals: ApprovalRepository,
    private readonly tasks: TaskRepository,
    private readonly projection: CatalogProjection,
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly cancelRequest: CancelRequestUseCase,
    private readonly closeRequest: CloseRequestUseCase,
    private readonly reopenRequest: ReopenRequestUseCase,
    private readonly updateRequest: UpdateRequestUseCase,
    private readonly addComment: AddCommentUseCase,
  ) {}

  /**
   * Anyone signed in submits for themselves or on behalf of someone; so does an integration (a chat
   * bot) with a `requests:write` key. `Idempotency-Key` makes retries safe.
   */
  @Post()
  @RequireScopes('requests:write')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Same key and body: the first response again (201, `Idempotent-Replayed: true`); same key, other body: 422. / 幂等键。',
  })
  @ApiBody({ schema: openApiSchema(SubmitRequestSchema) })
  @ApiCreated(
    REQUEST_RESOURCE_SCHEMA,
    (request: { requestId: string }) => `/requests/${request.requestId}`,
    [404, 409, 422],
  )
  async submit(
    @Body() body: unknown,
    @Headers('idempotency-key') rawKey: string | undefined,
    @CurrentPrincipal() actor: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const input = parseWith(SubmitRequestSchema, body);
    const key = rawKey === undefined ? undefined : parseWith(IdempotencyKeySchema, rawKey);
    const { request, replayed } = await this.submitRequest.execute(input, actor, key);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return request;
  }

  /** Requests the caller may see (the access rule is part of the query), newest first. */
  @Get()
  @RequireScopes('requests:read')
  @ApiQueryParams(ListRequestsQuerySchema)
  @ApiResult(pageSchema(REQUEST_RESOURCE_SCHEMA))
  async list(@Query() raw: unknown, @CurrentPrincipal() actor: Principal) {
    const q = parseWith(ListRequestsQuerySchema, raw);
    const page = await this.requests.list(actor, {
      limit: q.limit,
      before: cursorId(q.cursor),
      status: q.status,
      offeringId: q.offeringId,
      scenario: q.scenario,
      departmentId: q.departmentId,
      region: q.region,
      requesterId: q.requester === 'me' ? actor.subject : q.requester,
      businessServiceId: q.businessServiceId,
      overdue: q.overdue,
      q: q.q,
    });
    return { items: page.items.map(requestResource), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequireScopes('requests:read')
  @ApiResult(REQUEST_RESOURCE_SCHEMA)
  async get(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    return requestResource(await this.requests.visible(parseId(id), actor));
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateRequestSchema) })
  @ApiResult(REQUEST_RESOURCE_SCHEMA, [400, 403, 404, 413])
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return requestResource(await this.updateRequest.execute(parseId(id), parseWith(UpdateRequestSchema, body), actor));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ReasonBodySchema), required: false })
  @ApiResult(REQUEST_RESOURCE_SCHEMA, [400, 403, 404, 409])
  async cancel(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { reason } = parseWith(ReasonBodySchema, body ?? {});
    return requestResource(await this.cancelRequest.execute(parseId(id), actor, reason ?? null));
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiResult(REQUEST_RESOURCE_SCHEMA, [403, 404, 409])
  async close(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    return requestResource(await this.closeRequest.execute(parseId(id), actor));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ReasonBodySchema), required: false })
  @ApiResult(REQUEST_RESOURCE_SCHEMA, [400, 403, 404, 409])
  async reopen(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const { reason } = parseWith(ReasonBodySchema, body ?? {});
    return requestResource(await this.reopenRequest.execute(parseId(id), actor, reason ?? null));
  }

  @Post(':id/comments')
  @ApiBody({ schema: openApiSchema(AddCommentSchema) })
  @ApiCreated(
    COMMENT_RESOURCE_SCHEMA,
    (comment: { requestId: string; commentId: string }) =>
      `/requests/${comment.requestId}/comments/${comment.commentId}`,
    [403],
  )
  async comment(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return commentResource(await this.addComment.execute(parseId(id), parseWith(AddCommentSchema, body), actor));
  }

  @Get(':id/comments')
  @ApiQueryParams(PageQuerySchema)
  @ApiResult(pageSchema(COMMENT_RESOURCE_SCHEMA))
  async comments(@Param('id') id: string, @Query() raw: unknown, @CurrentPrincipal() actor: Principal) {
    const request = await this.requests.visible(parseId(id), actor);
    const q = parseWith(PageQuerySchema, raw);
    const page = await this.requests.comments(request.id, await this.seesInternal(request, actor), {
      limit: q.limit,
      after: cursorId(q.cursor),
    });
    return { items: page.items.map(commentResource), nextCursor: page.nextCursor };
  }

  /** One comment, where a comment's `Location` points; internal notes only for agents of the request's desk. */
  @Get(':id/comments/:commentId')
  @ApiResult(COMMENT_RESOURCE_SCHEMA)
  async commentOf(
    @Param('id') id: string,
    @Param('commentId') commentId: string,
    @CurrentPrincipal() actor: Principal,
  ) {
    const request = await this.requests.visible(parseId(id), actor);
    return commentResource(
      await this.requests.comment(request.id, parseId(commentId, 'commentId'), await this.seesInternal(request, actor)),
    );
  }

  /** Everything that happened: submission, approvals, tasks, comments, state changes, oldest first. */
  @Get(':id/timeline')
  @RequireScopes('requests:read')
  @ApiQueryParams(PageQuerySchema)
  @ApiResult(pageSchema(TIMELINE_ENTRY_SCHEMA))
  async timeline(@Param('id') id: string, @Query() raw: unknown, @CurrentPrincipal() actor: Principal) {
    const request = await this.requests.visible(parseId(id), actor);
    const q = parseWith(PageQuerySchema, raw);
    const page = await this.requests.timeline(request.id, await this.seesInternal(request, actor), {
      limit: q.limit,
      after: cursorId(q.cursor),
    });
    return { items: page.items.map(timelineResource), nextCursor: page.nextCursor };
  }

  @Get(':id/approvals')
  @ApiResult({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } })
  async approvalsOf(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    const request = await this.requests.visible(parseId(id), actor);
    return { items: (await this.approvals.forRequest(request.id)).map(approvalResource) };
  }

  @Get(':id/tasks')
  @ApiResult({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } })
  async tasksOf(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    const request = await this.requests.visible(parseId(id), actor);
    return { items: (await this.tasks.forRequest(request.id)).map(taskResource) };
  }

  private async seesInternal(request: Request, actor: Principal): Promise<boolean> {
    return isStaffOf(actor, await this.projection.departmentCode(request.departmentId));
  }
}
