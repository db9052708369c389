import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedStatement, queryPrepared } from '@itsm/platform/database';
import type { Principal } from '@itsm/platform/auth';
import { AccessScope, isPlatformAdmin, isStaff } from '../shared/access';
import { taskNameTerms, taskSearchTerms } from '../request/request-search';
import type {
  LocalizedText,
  BusinessLine,
  BusinessService,
  Department,
  OfferingPublishedV1Data,
  OfferingReinstatedV1Data,
  OfferingRetiredV1Data,
  Team,
} from '@itsm/contracts';
import {
  CatalogBusinessService,
  CatalogDepartment,
  CatalogOffering,
  CatalogOfferingVersion,
  CatalogTeam,
} from './catalog-projection.entity';

type Row = Record<string, unknown>;

type OfferingRow = {
  id: string;
  code: string;
  latest_version: number | null;
  retired: boolean;
  retired_version: number | null;
  retired_at: Date | null;
};
const OFFERING = preparedStatement(
  'requests.catalog-offering',
  'select id, code, latest_version, retired, retired_version, retired_at from catalog_offering where id = $1',
);

const NAMED_TASKS = preparedStatement(
  'requests.named-tasks',
  'select department_id, task_plan from catalog_offering_version where task_name_terms @> $1::text[]',
);

type ScopeRow = { staff: string[]; held: string[]; teams: string[] };
/** $1 the codes of the departments worked as staff, $2 every department code in the token, $3 the subject. */
const ACCESS_SCOPE = preparedStatement(
  'requests.access-scope',
  `select array(select id from catalog_department where code = any($1::text[]) order by id) as staff,
          array(select id from catalog_department where code = any($2::text[]) order by id) as held,
          array(select t.id from catalog_team t
                 where t.department_id in (select id from catalog_department where code = any($1::text[]))
                    or t.members @> jsonb_build_array(jsonb_build_object('userId', $3::text)) order by t.id) as teams`,
);

/** jsonb parameters go as JSON text: node-postgres would turn a JS array into a Postgres array. */
const json = (value: unknown) => JSON.stringify(value);

/** What the principal's token opens, in ids (see AccessScope): one prepared lookup before each read or list. */
export async function accessScopeOf(p: Principal, m: EntityManager): Promise<AccessScope> {
  const [row] = await queryPrepared<ScopeRow>(m, ACCESS_SCOPE, [
    isStaff(p) ? p.departments : [],
    p.departments,
    p.subject,
  ]);
  return {
    subject: p.subject,
    everything: isPlatformAdmin(p),
    staffDepartmentIds: row.staff,
    roleSlots: [...new Set(p.roles)].flatMap((role) => row.held.map((departmentId) => ({ role, departmentId }))),
    teamIds: row.teams,
  };
}

/**
 * Writes and reads the catalog projection. Writes run in the consuming event's transaction and are
 * idempotent upserts that keep the newest state: catalog events of different aggregates arrive on
 * different topics in no particular order, and a redelivery or replay must change nothing.
 */
@Injectable()
export class CatalogProjection {
  private readonly knownTeams = new WeakMap<EntityManager, Map<string, CatalogTeam>>();

  constructor(private readonly dataSource: DataSource) {}

  // ---------------------------------------------------------------- writes (consumer)

  upsertDepartment(m: EntityManager, d: Department): Promise<void> {
    return this.upsert(m, 'catalog_department', {
      id: d.departmentId,
      code: d.code,
      kind: d.kind,
      name: json(d.name),
      archived: d.archived,
      source_updated_at: d.updatedAt,
    });
  }

  upsertBusinessLine(m: EntityManager, l: BusinessLine): Promise<void> {
    return this.upsert(m, 'catalog_business_line', {
      id: l.businessLineId,
      code: l.code,
      name: json(l.name),
      archived: l.archived,
      source_updated_at: l.updatedAt,
    });
  }

  upsertBusinessService(m: EntityManager, s: BusinessService): Promise<void> {
    return this.upsert(m, 'catalog_business_service', {
      id: s.businessServiceId,
      code: s.code,
      business_line_id: s.businessLineId,
      name: json(s.name),
      criticality: s.criticality,
      owner_name: s.ownerName,
      owner_email: s.ownerEmail ?? null,
      archived: s.archived,
      source_updated_at: s.updatedAt,
    });
  }

  upsertTeam(m: EntityManager, t: Team): Promise<void> {
    return this.upsert(m, 'catalog_team', {
      id: t.teamId,
      code: t.code,
      department_id: t.departmentId,
      name: json(t.name),
      regions: t.regions,
      members: json(t.members),
      archived: t.archived,
      source_updated_at: t.updatedAt,
    });
  }

  /**
   * A published version is immutable: stored once; the offering remembers the highest one seen. With
   * it, the search terms of its tasks' names (what `/tasks?q=` may find by name, see TaskRepository).
   */
  async addPublishedVersion(m: EntityManager, v: OfferingPublishedV1Data): Promise<void> {
    await m.query(
      `insert into catalog_offering_version
         (offering_id, version, code, scenario, department_id, name, description, form_schema, task_plan, approval_policy, reminders, promised_delivery, audience, published_at, task_name_terms)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (offering_id, version) do nothing`,
      [
        v.offeringId,
        v.version,
        v.code,
        v.scenario,
        v.departmentId,
        json(v.name),
        json(v.description),
        json(v.formSchema),
        json(v.taskPlan),
        json(v.approvalPolicy),
        json(v.reminders),
        json(v.promisedDelivery),
        json(v.audience),
        v.publishedAt,
        taskNameTerms(v.taskPlan),
      ],
    );
    await m.query(
      `insert into catalog_offering (id, code, latest_version) values ($1, $2, $3)
       on conflict (id) do update set latest_version = greatest(catalog_offering.latest_version, excluded.latest_version), updated_at = now()`,
      [v.offeringId, v.code, v.version],
    );
  }

  /**
   * A retirement sticks whatever order it arrives in relative to the publication; only a
   * reinstatement lifts it (see reinstateOffering).
   */
  async retireOffering(m: EntityManager, r: OfferingRetiredV1Data): Promise<void> {
    await m.query(
      `insert into catalog_offering (id, code, latest_version, retired, retired_version, retired_at) values ($1, $2, null, true, $3, $4)
       on conflict (id) do update set retired = true,
         retired_version = greatest(catalog_offering.retired_version, excluded.retired_version),
         retired_at = coalesce(catalog_offering.retired_at, excluded.retired_at), updated_at = now()`,
      [r.offeringId, r.code, r.version, r.retiredAt],
    );
  }

  /**
   * A platform admin undid the retirement: the offering takes requests again. The catalog publishes
   * both on the offering's partition, in order; a reinstatement older than the retirement it meets
   * (a later retirement got here first) changes nothing.
   */
  async reinstateOffering(m: EntityManager, r: OfferingReinstatedV1Data): Promise<void> {
    await m.query(
      `update catalog_offering set retired = false, retired_version = null, retired_at = null, updated_at = now()
       where id = $1 and retired and (retired_at is null or retired_at <= $2)`,
      [r.offeringId, r.reinstatedAt],
    );
  }

  private async upsert(m: EntityManager, table: string, row: Row): Promise<void> {
    const columns = Object.keys(row);
    const updates = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
    // Equal times apply too, so replaying the same event is harmless and a same-millisecond edit is not lost.
    await m.query(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})
       on conflict (id) do update set ${updates.join(', ')} where ${table}.source_updated_at <= excluded.source_updated_at`,
      columns.map((c) => row[c]),
    );
  }

  // ---------------------------------------------------------------- reads

  /** The templates (key, and the department of their offering) some offering version names with every one of these terms. */
  async templatesNamed(
    terms: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ key: string; departmentId: string }[]> {
    const versions = await queryPrepared<{
      department_id: string;
      task_plan: { tasks: { key: string; name: LocalizedText }[] };
    }>(m, NAMED_TASKS, [terms]);
    const named = versions.flatMap((v) =>
      v.task_plan.tasks
        .filter((t) => terms.every((term) => taskSearchTerms(t.name).includes(term)))
        .map((t) => ({ key: t.key, departmentId: v.department_id })),
    );
    return [...new Map(named.map((t) => [`${t.key} ${t.departmentId}`, t])).values()];
  }

  /** What the principal's token opens (see accessScopeOf). */
  accessScope(p: Principal, m: EntityManager = this.dataSource.manager): Promise<AccessScope> {
    return accessScopeOf(p, m);
  }

  /** Read at every submission: prepared, and without the query builder. */
  async offering(id: string, m: EntityManager = this.dataSource.manager): Promise<CatalogOffering | null> {
    const [row] = await queryPrepared<OfferingRow>(m, OFFERING, [id]);
    if (!row) return null;
    return Object.assign(new CatalogOffering(), {
      id: row.id,
      code: row.code,
      latestVersion: row.latest_version,
      retired: row.retired,
      retiredVersion: row.retired_version,
      retiredAt: row.retired_at,
    });
  }

  version(
    offeringId: string,
    version: number,
    m: EntityManager = this.dataSource.manager,
  ): Promise<CatalogOfferingVersion | null> {
    return m.getRepository(CatalogOfferingVersion).findOneBy({ offeringId, version });
  }

  department(id: string, m: EntityManager = this.dataSource.manager): Promise<CatalogDepartment | null> {
    return m.getRepository(CatalogDepartment).findOneBy({ id });
  }

  async departmentCode(id: string, m: EntityManager = this.dataSource.manager): Promise<string | null> {
    return (await this.department(id, m))?.code ?? null;
  }

  /**
   * Teams the caller already read in this transaction (a submission reads its tasks' teams with its
   * other lookups), so `teams` in the same transaction does not read them again.
   */
  rememberTeams(m: EntityManager, teams: CatalogTeam[]): void {
    this.knownTeams.set(m, new Map(teams.map((t) => [t.id, t])));
  }

  async teams(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, CatalogTeam>> {
    if (ids.length === 0) return new Map();
    const known = this.knownTeams.get(m);
    if (known && ids.every((id) => known.has(id))) return new Map(ids.map((id) => [id, known.get(id)!]));
    const rows = await m
      .getRepository(CatalogTeam)
      .createQueryBuilder('t')
      .where('t.id in (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((t) => [t.id, t]));
  }

  /** Active teams covering a region, for approvers such as the region's store-operations lead. */
  teamsInRegion(region: string, m: EntityManager = this.dataSource.manager): Promise<CatalogTeam[]> {
    return m
      .getRepository(CatalogTeam)
      .createQueryBuilder('t')
      .where(':region = any(t.regions)', { region })
      .andWhere('not t.archived')
      .orderBy('t.code')
      .getMany();
  }

  /** Every region some active team covers: what a form value must be to count as a region. */
  async knownRegions(m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const rows: { region: string }[] = await m.query(
      'select distinct unnest(regions) as region from catalog_team where not archived',
    );
    return new Set(rows.map((r) => r.region));
  }

  /**
   * What a submitted form's values are matched against, in one round trip: the regions some active
   * team covers (as `knownRegions`) and the codes of the active business services.
   */
  businessServicesByCode(
    codes: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<CatalogBusinessService[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return m
      .getRepository(CatalogBusinessService)
      .createQueryBuilder('s')
      .where('s.code in (:...codes)', { codes: [...new Set(codes)] })
      .getMany();
  }

  businessService(id: string, m: EntityManager = this.dataSource.manager): Promise<CatalogBusinessService | null> {
    return m.getRepository(CatalogBusinessService).findOneBy({ id });
  }
}
