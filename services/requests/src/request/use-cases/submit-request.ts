import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createEvent, RequestSubmittedV1, localized } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { newId } from '@itsm/platform/database';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { CatalogOfferingVersion } from '../../catalog-projection/catalog-projection.entity';
import { ApprovalWorkflow } from '../../approval/approval-workflow';
import { RequestsSettings } from '../../shared/settings';
import { SUBMISSION_DEFAULTS, SubmitRequest } from '../dto/request.dto';
import { businessFields, vocabularyCandidates } from '../business-context';
import { FormValidator } from '../form-validation';
import { promisedDeliveryAt } from '../promised-delivery';
import { Request, RequestIdempotency, requestRef, requestState } from '../request.entity';
import {
  IdempotencyKeyReusedError,
  OfferingNotForYouError,
  OfferingNotFoundError,
  OfferingRetiredError,
} from '../request.errors';
import { RequestLifecycle } from '../request-lifecycle';
import { assertMayWrite, fieldsSet, restrictedFields, writerOf } from '../request-fields';
import { RequestRepository } from '../request.repository';
import { requestSearchTerms } from '../request-search';
import { teamFor } from '../../task/task-plan';
import { RequestResource, requestResource } from '../request.resource';
import { ReminderScheduler } from '../../reminder/reminder.scheduler';
import { Clock } from '../../reminder/clock';

const MAX_CACHED_VERSIONS = 500;

export interface SubmitResult {
  request: RequestResource;
  /** The same Idempotency-Key and body came before: this is the first response again, nothing was created. */
  replayed: boolean;
}

/**
 * Submits a request for a published offering version: validates the form against the version's
 * JSON Schema, reads the business context from it, computes the promised delivery time, and
 * sends the request into approval (or straight into fulfilment when the offering needs none).
 * Everything — the request, its events, its approvals or tasks — commits in one transaction.
 */
@Injectable()
export class SubmitRequestUseCase {
  private readonly forms: FormValidator;
  private readonly versions = new Map<string, CatalogOfferingVersion>();

  constructor(
    private readonly projection: CatalogProjection,
    private readonly lifecycle: RequestLifecycle,
    private readonly workflow: ApprovalWorkflow,
    private readonly settings: RequestsSettings,
    private readonly reminders: ReminderScheduler,
    private readonly requests: RequestRepository,
    clock: Clock,
  ) {
    this.forms = new FormValidator(() => clock.now());
  }

  execute(input: SubmitRequest, actor: Principal, idempotencyKey?: string): Promise<SubmitResult> {
    return this.lifecycle.transaction(async (m) => {
      const bodyHash = idempotencyKey === undefined ? '' : hashOf(input);
      if (idempotencyKey !== undefined) {
        // Submissions with the same key queue here, so the second finds the first's response.
        await m.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
          JSON.stringify([actor.subject, idempotencyKey]),
        ]);
        const earlier = await m.getRepository(RequestIdempotency).findOneBy({ subject: actor.subject, idempotencyKey });
        if (earlier) {
          if (earlier.bodyHash !== bodyHash) throw new IdempotencyKeyReusedError();
          return { request: earlier.response as RequestResource, replayed: true };
        }
      }

      const version = await this.requestableVersion(m, input, actor);
      // Only a field some callers may not set (priority) costs the lookup of who is asking.
      const restricted = restrictedFields('create', fieldsSet(input, SUBMISSION_DEFAULTS));
      if (restricted.length > 0)
        assertMayWrite(
          'create',
          writerOf(actor, await this.projection.departmentCode(version.departmentId, m)),
          restricted,
        );
      const form = this.forms.check(`${version.offeringId}@${version.version}`, version.formSchema, input.formData);
      if (form.errors.length > 0) throw FormValidator.problem(form.errors);

      const request = await this.create(m, input, version, form.data, actor);
      await this.workflow.begin(m, request, version, actor.subject);

      const resource = requestResource(request);
      if (idempotencyKey !== undefined) {
        const values = [actor.subject, idempotencyKey, bodyHash, request.id, JSON.stringify(resource)];
        this.lifecycle.later(m, (first) => ({
          sql: `insert into request_idempotency (subject, idempotency_key, body_hash, request_id, response) values (${values.map((_, i) => `$${first + i + 1}`).join(', ')})`,
          values,
        }));
      }
      return { request: resource, replayed: false };
    });
  }

  /** The pinned (or latest) published version of an offering that still takes requests. */
  private async requestableVersion(
    m: EntityManager,
    input: SubmitRequest,
    actor: Principal,
  ): Promise<CatalogOfferingVersion> {
    const offering = await this.projection.offering(input.offeringId, m);
    if (!offering) throw new OfferingNotFoundError(input.offeringId);
    if (offering.retired) throw new OfferingRetiredError(offering.id);
    const wanted = input.offeringVersion ?? offering.latestVersion;
    const version = wanted === null ? null : await this.publishedVersion(m, offering.id, wanted);
    if (!version) throw new OfferingNotFoundError(offering.id, input.offeringVersion);
    // Audience roles are business roles the identity provider does not carry; departments are checked.
    const audience = version.audience.departmentIds;
    if (audience.length > 0 && !actor.roles.includes('platform-admin')) {
      const codes: { code: string }[] = await m.query(
        'select code from catalog_department where id = any($1::uuid[])',
        [audience],
      );
      if (!codes.some((c) => actor.departments.includes(c.code))) throw new OfferingNotForYouError(offering.id);
    }
    return version;
  }

  /** Published versions never change, so they are read once (callers only read them). */
  private async publishedVersion(
    m: EntityManager,
    offeringId: string,
    version: number,
  ): Promise<CatalogOfferingVersion | null> {
    const key = `${offeringId}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const found = await this.projection.version(offeringId, version, m);
    if (found) {
      if (this.versions.size >= MAX_CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value as string);
      this.versions.set(key, found);
    }
    return found;
  }

  private async create(
    m: EntityManager,
    input: SubmitRequest,
    version: CatalogOfferingVersion,
    formData: Record<string, unknown>,
    actor: Principal,
  ): Promise<Request> {
    const teamIds = version.taskPlan.tasks.flatMap((t) => teamFor(t.team, formData) ?? []);
    const lookups = await this.requests.submissionLookups(
      m,
      vocabularyCandidates(version.formSchema, version.taskPlan),
      version.departmentId,
      teamIds,
    );
    this.lifecycle.knowDepartment(m, version.departmentId, lookups.departmentCode);
    this.projection.rememberTeams(m, lookups.teams);
    const fields = businessFields({
      formSchema: version.formSchema,
      taskPlan: version.taskPlan,
      reminders: version.reminders,
      formData,
      knownRegions: lookups.regions,
      knownBusinessServiceCodes: lookups.businessServiceCodes,
    });
    const services = await this.projection.businessServicesByCode(fields.businessServiceCodes, m);
    const serviceIds = fields.businessServiceCodes.flatMap((code) =>
      services.filter((s) => s.code === code).map((s) => s.id),
    );
    const firstService = services.find((s) => s.id === serviceIds[0]);

    const submittedAt = new Date();
    const request = Object.assign(new Request(), {
      id: newId(),
      number: lookups.number,
      offeringId: version.offeringId,
      offeringVersion: version.version,
      offeringCode: version.code,
      scenario: version.scenario,
      departmentId: version.departmentId,
      requesterId: actor.subject,
      onBehalfOf: input.onBehalfOf ?? null,
      watchers: [...new Set(input.watchers)],
      priority: input.priority,
      status: 'submitted' as const,
      outcome: null,
      onHold: false,
      formData,
      businessContext: {
        businessLineId: firstService?.businessLineId ?? null,
        businessServiceIds: serviceIds,
        region: fields.region,
        keyDates: fields.keyDates,
      },
      region: fields.region,
      businessLineId: firstService?.businessLineId ?? null,
      businessServiceId: firstService?.id ?? null,
      promisedAt: promisedDeliveryAt(submittedAt, version.promisedDelivery, this.settings.businessTimeZone),
      submittedAt,
      fulfilledAt: null,
      closedAt: null,
      currentStage: null,
      reopenCount: 0,
    });
    request.searchTerms = requestSearchTerms(request, version.name);
    // The request, its reminders (issue 4, item 5: the offering's timers on the form's key dates)
    // and whatever the workflow adds go out with the submission's changes, in one round trip.
    this.lifecycle.insertLater(m, Request, [request]);
    const reminders = this.reminders.schedule(request.id, version.reminders, formData);
    if (reminders) this.lifecycle.later(m, reminders);
    await this.lifecycle.record(m, {
      request: request,
      events: createEvent(RequestSubmittedV1, request.id, {
        ...requestRef(request),
        status: 'submitted',
        previousStatus: null,
        occurredAt: submittedAt.toISOString(),
        actor: actor.subject,
        requesterId: request.requesterId,
        onBehalfOf: request.onBehalfOf,
        watchers: request.watchers,
        businessContext: request.businessContext,
        promisedAt: request.promisedAt.toISOString(),
        submittedAt: submittedAt.toISOString(),
      }),
      action: 'request.submitted',
      objectType: 'request',
      before: null,
      after: requestState(request),
      timeline: {
        kind: 'submitted',
        actor: actor.subject,
        summary: localized(
          `Submitted “${version.name.en}” (version ${version.version})${request.onBehalfOf ? ` on behalf of ${request.onBehalfOf}` : ''}`,
          `提交了「${version.name['zh-CN']}」（第 ${version.version} 版）${request.onBehalfOf ? `，代 ${request.onBehalfOf} 申请` : ''}`,
        ),
        data: {
          offeringId: version.offeringId,
          offeringVersion: version.version,
          promisedAt: request.promisedAt.toISOString(),
        },
      },
    });
    return request;
  }
}

/** Same body, same hash, whatever the order of its keys. */
function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
