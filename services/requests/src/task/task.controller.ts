import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Principal, RequireRoles } from '@itsm/platform/auth';
import { parseWith } from '@itsm/platform/errors';
import { ApiQueryParams, ApiResult, cursorId, openApiSchema, pageSchema, parseId } from '../shared/http';
import { AGENT_ROLES } from '../shared/access';
import {
  AssignmentRuleSchema,
  AssignTaskSchema,
  CompleteTaskSchema,
  ListTasksQuerySchema,
  ReasonSchema,
  RequiredReasonSchema,
} from './dto/task.dto';
import { AssignmentRule, taskResource } from './task.entity';
import { TaskRepository } from './task.repository';
import { CompleteTaskUseCase } from './use-cases/complete-task';
import { FailTaskUseCase } from './use-cases/fail-task';
import { SkipTaskUseCase } from './use-cases/skip-task';
import { ReopenTaskUseCase } from './use-cases/reopen-task';
import { AssignTaskUseCase } from './use-cases/assign-task';
import { SetAssignmentRuleUseCase } from './use-cases/set-assignment-rule';

const TASK_SCHEMA = {
  type: 'object',
  properties: {
    taskId: { type: 'string', format: 'uuid' },
    requestId: { type: 'string', format: 'uuid' },
    key: { type: 'string' },
    name: { type: 'object' },
    teamId: { type: ['string', 'null'] },
    assignee: { type: ['string', 'null'] },
    status: { enum: ['blocked', 'open', 'done', 'failed', 'skipped', 'cancelled'] },
    dependsOn: { type: 'array', items: { type: 'string' } },
    checklist: {
      type: 'array',
      items: { type: 'string' },
      description: 'Items that must be done to complete the task / 完成任务前必须完成的检查项',
    },
    optionalChecklist: {
      type: 'array',
      items: { type: 'string' },
      description: 'Items that may stay undone / 可不完成的检查项',
    },
    outputSchema: {
      type: ['object', 'null'],
      description:
        'JSON Schema of the `fields` completing the task records; null: any / 完成任务时所填字段的 JSON Schema',
    },
    outputs: { type: ['object', 'null'] },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
    assignments: { type: 'array', items: { type: 'object' }, description: 'Assignment history / 分派历史' },
  },
};

const RULE_SCHEMA = {
  type: 'object',
  properties: { teamId: { type: 'string' }, strategy: { enum: ['round-robin', 'least-loaded'] } },
};

@ApiTags('tasks')
@Controller()
export class TaskController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly completeTask: CompleteTaskUseCase,
    private readonly failTask: FailTaskUseCase,
    private readonly skipTask: SkipTaskUseCase,
    private readonly reopenTask: ReopenTaskUseCase,
    private readonly assignTask: AssignTaskUseCase,
    private readonly setRule: SetAssignmentRuleUseCase,
  ) {}

  /**
   * The agent's task queues: `assignedTo=me` (my tasks) or `my-teams`, `overdue=true`, by status,
   * team, request, business service, region or department; always within what the caller may see.
   */
  @Get('tasks')
  @ApiQueryParams(ListTasksQuerySchema)
  @ApiResult(pageSchema(TASK_SCHEMA))
  async list(@Query() raw: unknown, @CurrentPrincipal() actor: Principal) {
    const q = parseWith(ListTasksQuerySchema, raw);
    const page = await this.tasks.list(actor, {
      limit: q.limit,
      after: cursorId(q.cursor),
      assignedTo: q.assignedTo,
      status: q.status,
      teamId: q.teamId,
      requestId: q.requestId,
      overdue: q.overdue,
      businessServiceId: q.businessServiceId,
      region: q.region,
      departmentId: q.departmentId,
      q: q.q,
    });
    return { items: page.items.map(taskResource), nextCursor: page.nextCursor };
  }

  @Get('tasks/:id')
  @ApiResult(TASK_SCHEMA)
  async get(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    return taskResource(await this.tasks.visible(parseId(id), actor));
  }

  /** Records the outputs (every required checklist item done, output fields valid: else 400); completing a task twice is a 409. */
  @Post('tasks/:id/complete')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiBody({ schema: openApiSchema(CompleteTaskSchema), required: false })
  @ApiResult(TASK_SCHEMA, [400, 403, 404, 409])
  async complete(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return taskResource(await this.completeTask.execute(parseId(id), parseWith(CompleteTaskSchema, body ?? {}), actor));
  }

  @Post('tasks/:id/fail')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiBody({ schema: openApiSchema(RequiredReasonSchema) })
  @ApiResult(TASK_SCHEMA, [400, 403, 404, 409])
  async fail(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return taskResource(await this.failTask.execute(parseId(id), parseWith(RequiredReasonSchema, body).reason, actor));
  }

  /** Not needed for this request; the reason is required. */
  @Post('tasks/:id/skip')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiBody({ schema: openApiSchema(RequiredReasonSchema) })
  @ApiResult(TASK_SCHEMA, [400, 403, 404, 409])
  async skip(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return taskResource(
      await this.skipTask.execute(parseId(id), parseWith(RequiredReasonSchema, body ?? {}).reason, actor),
    );
  }

  /** Retry a failed task, or redo a completed one after the request was reopened. */
  @Post('tasks/:id/reopen')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiBody({ schema: openApiSchema(ReasonSchema), required: false })
  @ApiResult(TASK_SCHEMA, [400, 403, 404, 409])
  async reopen(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return taskResource(
      await this.reopenTask.execute(parseId(id), parseWith(ReasonSchema, body ?? {}).reason ?? null, actor),
    );
  }

  @Post('tasks/:id/assign')
  @HttpCode(200)
  @RequireRoles(...AGENT_ROLES)
  @ApiBody({ schema: openApiSchema(AssignTaskSchema) })
  @ApiResult(TASK_SCHEMA, [400, 403, 404, 409])
  async assign(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return taskResource(await this.assignTask.execute(parseId(id), parseWith(AssignTaskSchema, body), actor));
  }

  @Get('assignment-rules/:teamId')
  @RequireRoles(...AGENT_ROLES)
  @ApiResult(RULE_SCHEMA, [400])
  async rule(@Param('teamId') rawTeamId: string) {
    const teamId = parseId(rawTeamId, 'teamId');
    const rule = await this.dataSource.getRepository(AssignmentRule).findOneBy({ teamId });
    return { teamId, strategy: rule?.strategy ?? 'round-robin' };
  }

  /** Round robin or least-loaded within the team; department admins of the team's desk and platform admins. */
  @Put('assignment-rules/:teamId')
  @RequireRoles('department-admin', 'platform-admin')
  @ApiBody({ schema: openApiSchema(AssignmentRuleSchema) })
  @ApiResult(RULE_SCHEMA, [400, 403, 404])
  async putRule(@Param('teamId') rawTeamId: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    const rule = await this.setRule.execute(
      parseId(rawTeamId, 'teamId'),
      parseWith(AssignmentRuleSchema, body).strategy,
      actor,
    );
    return { teamId: rule.teamId, strategy: rule.strategy };
  }
}
