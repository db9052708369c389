import { allowedTransitions } from './request-state-machine';
import { Request, RequestComment, requestNumber, TimelineEntry } from './request.entity';

/** A request as the API shows it. */
export function requestResource(r: Request) {
  return {
    requestId: r.id,
    number: requestNumber(r.number),
    offering: { offeringId: r.offeringId, version: r.offeringVersion, code: r.offeringCode, scenario: r.scenario },
    departmentId: r.departmentId,
    requesterId: r.requesterId,
    onBehalfOf: r.onBehalfOf,
    watchers: r.watchers,
    priority: r.priority,
    status: r.status,
    outcome: r.outcome,
    onHold: r.onHold,
    currentStage: r.currentStage,
    allowedTransitions: allowedTransitions(r.status),
    formData: r.formData,
    businessContext: r.businessContext,
    promisedAt: r.promisedAt.toISOString(),
    submittedAt: r.submittedAt.toISOString(),
    fulfilledAt: r.fulfilledAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    reopenCount: r.reopenCount,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RequestResource = ReturnType<typeof requestResource>;

export function commentResource(c: RequestComment) {
  return {
    commentId: c.id,
    requestId: c.requestId,
    author: c.author,
    body: c.body,
    internal: c.internal,
    createdAt: c.createdAt.toISOString(),
  };
}

export function timelineResource(e: TimelineEntry) {
  return {
    entryId: e.id,
    occurredAt: e.occurredAt.toISOString(),
    kind: e.kind,
    actor: e.actor,
    summary: e.summary,
    data: e.data,
    internal: e.internal,
  };
}

const LOCALIZED_TEXT = { type: 'object', properties: { en: { type: 'string' }, 'zh-CN': { type: 'string' } } };

/** OpenAPI schema of requestResource. */
export const REQUEST_RESOURCE_SCHEMA = {
  type: 'object',
  required: [
    'requestId',
    'number',
    'offering',
    'status',
    'priority',
    'promisedAt',
    'submittedAt',
    'allowedTransitions',
  ],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    number: { type: 'string', examples: ['REQ-000042'] },
    offering: {
      type: 'object',
      properties: {
        offeringId: { type: 'string', format: 'uuid' },
        version: { type: 'integer' },
        code: { type: 'string' },
        scenario: { type: 'string' },
      },
    },
    departmentId: { type: 'string', format: 'uuid' },
    requesterId: { type: 'string' },
    onBehalfOf: { type: ['string', 'null'] },
    watchers: { type: 'array', items: { type: 'string' } },
    priority: { enum: ['low', 'medium', 'high', 'critical'] },
    status: {
      enum: [
        'submitted',
        'pending-approval',
        'approved',
        'rejected',
        'in-fulfilment',
        'fulfilled',
        'cancelled',
        'closed',
      ],
    },
    outcome: { enum: ['fulfilled', 'rejected', 'cancelled', null] },
    onHold: { type: 'boolean', description: 'A failed task holds fulfilment. / 有失败任务，交付暂停。' },
    currentStage: { type: ['integer', 'null'] },
    allowedTransitions: { type: 'array', items: { type: 'string' } },
    formData: { type: 'object' },
    businessContext: {
      type: 'object',
      properties: {
        businessLineId: { type: ['string', 'null'] },
        businessServiceIds: { type: 'array', items: { type: 'string' } },
        region: { type: ['string', 'null'] },
        keyDates: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, date: { type: 'string' } } },
        },
      },
    },
    promisedAt: { type: 'string', format: 'date-time', description: 'Promised delivery time. / 承诺交付时间。' },
    submittedAt: { type: 'string', format: 'date-time' },
    fulfilledAt: { type: ['string', 'null'], format: 'date-time' },
    closedAt: { type: ['string', 'null'], format: 'date-time' },
    reopenCount: { type: 'integer' },
    version: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const COMMENT_RESOURCE_SCHEMA = {
  type: 'object',
  properties: {
    commentId: { type: 'string', format: 'uuid' },
    requestId: { type: 'string', format: 'uuid' },
    author: { type: 'string' },
    body: { type: 'string' },
    internal: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export const TIMELINE_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    entryId: { type: 'string', format: 'uuid' },
    occurredAt: { type: 'string', format: 'date-time' },
    kind: { type: 'string', examples: ['submitted', 'approval-decided', 'task-completed', 'comment'] },
    actor: { type: 'string' },
    summary: LOCALIZED_TEXT,
    data: { type: 'object' },
    internal: { type: 'boolean' },
  },
};
