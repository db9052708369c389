import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { NotFoundError } from '@itsm/platform/errors';
import { Page, pageOf, preparedStatement, queryPrepared } from '@itsm/platform/database';
import type { SearchQuery } from '@itsm/platform/search';
import { requestVisibility, visibleRequestIds } from '../shared/access';
import { Request, RequestComment, TimelineEntry } from './request.entity';
import { CatalogTeam } from '../catalog-projection/catalog-projection.entity';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { RequestNotFoundError } from './request.errors';
import { addBusinessFilter, Conditions, requestMatchSql, requestOverdueSql } from './queue-filters';
import { localized } from '@itsm/contracts';

export interface RequestListFilter {
  limit: number;
  /** Continue after (older than) this id. */
  before?: string;
  status?: string;
  offeringId?: string;
  scenario?: string;
  departmentId?: string;
  requesterId?: string;
  region?: string;
  businessServiceId?: string;
  /** Past the promised delivery time and not finished. */
  overdue?: boolean;
  q?: SearchQuery;
}

type TeamRow = Omit<CatalogTeam, 'sourceUpdatedAt'> & { sourceUpdatedAt: string };
type LookupRow = {
  number: string;
  regions: string[] | null;
  codes: string[] | null;
  department_code: string | null;
  teams: TeamRow[];
};

const SUBMISSION_LOOKUPS = preparedStatement(
  'requests.submission-lookups',
  `select nextval('request_number_seq')::text as number,
          array(select v from unnest($1::text[]) as v where exists (select from catalog_team where not archived and regions @> array[v])) as regions,
          array(select code from catalog_business_service where not archived and code = any($1::text[])) as codes,
          (select code from catalog_department where id = $2) as department_code,
          (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'departmentId', department_id, 'name', name, 'regions', regions,
                                                      'members', members, 'archived', archived, 'sourceUpdatedAt', source_updated_at)), '[]')
             from catalog_team where id = any($3::uuid[])) as teams`,
);

/** What a submission looks up before it writes anything. */
export interface SubmissionLookups {
  /** The new request's number, from its sequence. */
  number: string;
  /** Which of the offering's candidate values are regions some team covers / business-service codes. */
  regions: Set<string>;
  businessServiceCodes: Set<string>;
  departmentCode: string | null;
  /** The teams asked for (those the projection has). */
  teams: CatalogTeam[];
}

@Injectable()
export class RequestRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: CatalogProjection,
  ) {}

  /**
   * A submission's lookups in one round trip (each one costs more than what it reads): its number,
   * and from the catalog projection the vocabulary of the offering's form (only the offering's own
   * candidate values are looked up, not every region and service), its department's code and the
   * teams its tasks would go to.
   */
  async submissionLookups(
    m: EntityManager,
    candidates: readonly string[],
    departmentId: string,
    teamIds: readonly string[],
  ): Promise<SubmissionLookups> {
    const [row] = await queryPrepared<LookupRow>(m, SUBMISSION_LOOKUPS, [candidates, departmentId, teamIds]);
    return {
      number: row.number,
      regions: new Set(row.regions ?? []),
      businessServiceCodes: new Set(row.codes ?? []),
      departmentCode: row.department_code,
      teams: row.teams.map((t) =>
        Object.assign(new CatalogTeam(), { ...t, sourceUpdatedAt: new Date(t.sourceUpdatedAt) }),
      ),
    };
  }

  /** The request if the principal may see it; 404 when it does not exist or is not theirs to see. */
  async visible(id: string, principal: Principal, m: EntityManager = this.dataSource.manager): Promise<Request> {
    const visibility = requestVisibility(await this.projection.accessScope(principal, m));
    const found = await m
      .getRepository(Request)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .andWhere(visibility.sql, visibility.params)
      .getOne();
    if (!found) throw new RequestNotFoundError(id);
    return found;
  }

  /** Locks the request row for a change (concurrent changes of one request queue here), if visible. */
  async lockVisible(m: EntityManager, id: string, principal: Principal): Promise<Request> {
    const found = await m.getRepository(Request).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw new RequestNotFoundError(id);
    await this.visible(id, principal, m);
    return found;
  }

  /** Newest first, filtered by the access rule in SQL: one index walk per way of seeing (see access.ts). */
  async list(principal: Principal, f: RequestListFilter): Promise<Page<Request>> {
    return pageOf(await (await this.listQuery(principal, f)).getMany(), f.limit, (r) => ({ id: r.id }));
  }

  /** The query of a page of `list` (one more than the page, to tell whether another follows). */
  async listQuery(principal: Principal, f: RequestListFilter): Promise<SelectQueryBuilder<Request>> {
    const c = new Conditions();
    if (f.status) c.add('r.status = :status', { status: f.status });
    if (f.offeringId) c.add('r.offering_id = :offeringId', { offeringId: f.offeringId });
    if (f.scenario) c.add('r.scenario = :scenario', { scenario: f.scenario });
    if (f.requesterId) c.add('r.requester_id = :requesterId', { requesterId: f.requesterId });
    addBusinessFilter(c, f, 'r');
    if (f.overdue === true) c.add(requestOverdueSql('r'));
    if (f.overdue === false) c.add(`not ${requestOverdueSql('r')}`);
    if (f.q) c.add(requestMatchSql(f.q, 'r', c.params));
    const ids = visibleRequestIds(await this.projection.accessScope(principal), {
      where: c.where,
      params: c.params,
      after: f.before,
      limit: f.limit + 1,
    });
    return this.dataSource
      .getRepository(Request)
      .createQueryBuilder('r')
      .where(`r.id = any(array(${ids.sql}))`, ids.params)
      .orderBy('r.id', 'DESC')
      .limit(f.limit + 1);
  }

  /** A request's comments, oldest first; internal notes only when asked for (agents of its desk). */
  async comments(
    requestId: string,
    withInternal: boolean,
    page: { limit: number; after?: string },
  ): Promise<Page<RequestComment>> {
    const qb = this.dataSource
      .getRepository(RequestComment)
      .createQueryBuilder('c')
      .where('c.request_id = :requestId', { requestId });
    if (!withInternal) qb.andWhere('not c.internal');
    if (page.after) qb.andWhere('c.id > :after', { after: page.after });
    return pageOf(
      await qb
        .orderBy('c.id', 'ASC')
        .limit(page.limit + 1)
        .getMany(),
      page.limit,
      (c) => ({ id: c.id }),
    );
  }

  /** One comment of a request; an internal note is not found for those who may not see it. */
  async comment(requestId: string, commentId: string, withInternal: boolean): Promise<RequestComment> {
    const comment = await this.dataSource
      .getRepository(RequestComment)
      .findOne({ where: { id: commentId, requestId } });
    if (!comment || (comment.internal && !withInternal)) {
      throw new NotFoundError(
        'requests.comment.not_found',
        localized(`request ${requestId} has no comment ${commentId}`, `申请 ${requestId} 没有评论 ${commentId}`),
      );
    }
    return comment;
  }

  /** A request's timeline, oldest first; entries about internal notes only when asked for. */
  async timeline(
    requestId: string,
    withInternal: boolean,
    page: { limit: number; after?: string },
  ): Promise<Page<TimelineEntry>> {
    const qb = this.dataSource
      .getRepository(TimelineEntry)
      .createQueryBuilder('e')
      .where('e.request_id = :requestId', { requestId });
    if (!withInternal) qb.andWhere('not e.internal');
    if (page.after) qb.andWhere('e.id > :after', { after: page.after });
    return pageOf(
      await qb
        .orderBy('e.id', 'ASC')
        .limit(page.limit + 1)
        .getMany(),
      page.limit,
      (e) => ({ id: e.id }),
    );
  }
}
