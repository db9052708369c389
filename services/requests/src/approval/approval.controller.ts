import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@itsm/platform/auth';
import { parseWith } from '@itsm/platform/errors';
import { ApiQueryParams, ApiResult, cursorId, openApiSchema, pageSchema, parseId } from '../shared/http';
import { requestNumber } from '../request/request.entity';
import { ApproveSchema, DelegateSchema, ListApprovalsQuerySchema, RejectSchema } from './dto/approval.dto';
import { approvalResource } from './approval.entity';
import { ApprovalRepository } from './approval.repository';
import { DecideApprovalUseCase } from './use-cases/decide-approval';
import { DelegateApprovalUseCase } from './use-cases/delegate-approval';

const APPROVAL_SCHEMA = {
  type: 'object',
  properties: {
    approvalId: { type: 'string', format: 'uuid' },
    requestId: { type: 'string', format: 'uuid' },
    stageIndex: { type: 'integer' },
    stageKey: { type: 'string' },
    stageName: { type: 'object' },
    mode: { enum: ['any', 'all', 'quorum'] },
    quorum: { type: ['integer', 'null'] },
    approver: { type: 'object', description: "{kind: 'user', userId} or {kind: 'role', role, departmentId}" },
    status: { enum: ['pending', 'approved', 'rejected', 'withdrawn'] },
    decidedBy: { type: ['string', 'null'] },
    override: { type: 'boolean', description: 'Decided by an admin in the approver’s place. / 管理员代为审批。' },
    reason: { type: ['string', 'null'] },
    delegations: { type: 'array', items: { type: 'object' } },
  },
};

@ApiTags('approvals')
@Controller()
export class ApprovalController {
  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly decide: DecideApprovalUseCase,
    private readonly delegate: DelegateApprovalUseCase,
  ) {}

  @Post('requests/:id/approvals/:approvalId/approve')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ApproveSchema), required: false })
  @ApiResult(APPROVAL_SCHEMA, [400, 403, 404, 409])
  async approve(
    @Param('id') id: string,
    @Param('approvalId') approvalId: string,
    @Body() body: unknown,
    @CurrentPrincipal() actor: Principal,
  ) {
    const { reason } = parseWith(ApproveSchema, body ?? {});
    return approvalResource(
      await this.decide.execute(parseId(id), parseId(approvalId, 'approvalId'), 'approved', actor, reason ?? null),
    );
  }

  /** Rejecting ends the request (rejected) with the reason given. */
  @Post('requests/:id/approvals/:approvalId/reject')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RejectSchema) })
  @ApiResult(APPROVAL_SCHEMA, [400, 403, 404, 409])
  async reject(
    @Param('id') id: string,
    @Param('approvalId') approvalId: string,
    @Body() body: unknown,
    @CurrentPrincipal() actor: Principal,
  ) {
    const { reason } = parseWith(RejectSchema, body);
    return approvalResource(
      await this.decide.execute(parseId(id), parseId(approvalId, 'approvalId'), 'rejected', actor, reason),
    );
  }

  @Post('requests/:id/approvals/:approvalId/delegate')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(DelegateSchema) })
  @ApiResult(APPROVAL_SCHEMA, [400, 403, 404, 409])
  async delegateTo(
    @Param('id') id: string,
    @Param('approvalId') approvalId: string,
    @Body() body: unknown,
    @CurrentPrincipal() actor: Principal,
  ) {
    return approvalResource(
      await this.delegate.execute(
        parseId(id),
        parseId(approvalId, 'approvalId'),
        parseWith(DelegateSchema, body),
        actor,
      ),
    );
  }

  /**
   * `assignedTo=me`: approvals waiting for the caller (named, or by a role they hold in the
   * department), by business service, region or department of the request.
   */
  @Get('approvals')
  @ApiQueryParams(ListApprovalsQuerySchema)
  @ApiResult(pageSchema(APPROVAL_SCHEMA))
  async mine(@Query() raw: unknown, @CurrentPrincipal() actor: Principal) {
    const q = parseWith(ListApprovalsQuerySchema, raw);
    const page = await this.approvals.mine(actor, {
      status: q.status,
      limit: q.limit,
      after: cursorId(q.cursor),
      businessServiceId: q.businessServiceId,
      region: q.region,
      departmentId: q.departmentId,
    });
    return {
      items: page.items.map(({ approval, request }) => ({
        ...approvalResource(approval),
        request: {
          requestId: request.id,
          number: requestNumber(request.number),
          offeringCode: request.offeringCode,
          scenario: request.scenario,
          status: request.status,
          requesterId: request.requesterId,
        },
      })),
      nextCursor: page.nextCursor,
    };
  }
}
