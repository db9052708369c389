import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@itsm/platform/auth';
import { parseWith } from '@itsm/platform/errors';
import { DataSource } from 'typeorm';
import { ApiResult, openApiSchema, parseId } from '../shared/http';
import { RequestRepository } from '../request/request.repository';
import { REQUEST_RESOURCE_SCHEMA, requestResource } from '../request/request.resource';
import { ChangeKeyDatesSchema } from './dto/key-dates.dto';
import { ReminderScheduler } from './reminder.scheduler';
import { ChangeKeyDatesUseCase } from './use-cases/change-key-dates';

@ApiTags('requests')
@Controller('requests')
export class ReminderController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
    private readonly scheduler: ReminderScheduler,
    private readonly changeKeyDates: ChangeKeyDatesUseCase,
  ) {}

  /** Moves the request's key business dates (e.g. the opening date); its reminders move with them. */
  @Patch(':id/key-dates')
  @ApiBody({ schema: openApiSchema(ChangeKeyDatesSchema) })
  @ApiResult(REQUEST_RESOURCE_SCHEMA, [400, 403, 404, 409])
  async change(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() actor: Principal) {
    return requestResource(
      await this.changeKeyDates.execute(parseId(id), parseWith(ChangeKeyDatesSchema, body), actor),
    );
  }

  /** The request's timers: which reminder fires when, and whether it did. */
  @Get(':id/reminders')
  @ApiResult({
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'kind', 'fireAt', 'status'],
          properties: {
            key: { type: 'string' },
            kind: { type: 'string' },
            fireAt: { type: 'string', format: 'date-time' },
            status: { type: 'string' },
          },
        },
      },
    },
  })
  async list(@Param('id') id: string, @CurrentPrincipal() actor: Principal) {
    const requestId = parseId(id);
    await this.requests.visible(requestId, actor);
    const items = await this.scheduler.list(this.dataSource.manager, requestId);
    return {
      items: items.map((r) => ({ key: r.key, kind: r.kind, fireAt: r.fireAt.toISOString(), status: r.status })),
    };
  }
}
