import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '@itsm/platform/errors';
import { Offering, OfferingVersion } from './offering.entity';
import { localized } from '@itsm/contracts';

@Injectable()
export class OfferingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lock(m: EntityManager, id: string): Promise<Offering> {
    const offering = await m.getRepository(Offering).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!offering)
      throw new NotFoundError('catalog.offering.not_found', localized(`no offering ${id}`, `没有服务项 ${id}`));
    return offering;
  }

  async get(id: string, m: EntityManager = this.dataSource.manager): Promise<Offering> {
    const offering = await m.getRepository(Offering).findOneBy({ id });
    if (!offering)
      throw new NotFoundError('catalog.offering.not_found', localized(`no offering ${id}`, `没有服务项 ${id}`));
    return offering;
  }

  async version(
    offeringId: string,
    version: number,
    m: EntityManager = this.dataSource.manager,
  ): Promise<OfferingVersion> {
    const found = await m.getRepository(OfferingVersion).findOneBy({ offeringId, version });
    if (!found)
      throw new NotFoundError(
        'catalog.offering_version.not_found',
        localized(`offering ${offeringId} has no version ${version}`, `服务项 ${offeringId} 没有版本 ${version}`),
      );
    return found;
  }

  versions(offeringId: string): Promise<OfferingVersion[]> {
    return this.dataSource.getRepository(OfferingVersion).find({ where: { offeringId }, order: { version: 'ASC' } });
  }
}

export interface OfferingListFilter {
  limit: number;
  afterId?: string;
  scenario?: string;
  departmentId?: string;
  status?: string;
}

/** An offering with the version that represents it in lists: the published one, else the draft. */
export interface OfferingWithCurrent {
  offering: Offering;
  current: OfferingVersion;
}

export async function listOfferings(dataSource: DataSource, f: OfferingListFilter): Promise<OfferingWithCurrent[]> {
  const qb = dataSource
    .getRepository(Offering)
    .createQueryBuilder('o')
    .innerJoin(
      OfferingVersion,
      'v',
      'v.offering_id = o.id and v.version = coalesce(o.published_version, o.draft_version)',
    )
    .orderBy('o.id', 'ASC')
    .limit(f.limit + 1);
  if (f.afterId) qb.andWhere('o.id > :after', { after: f.afterId });
  if (f.scenario) qb.andWhere('v.scenario = :scenario', { scenario: f.scenario });
  if (f.departmentId) qb.andWhere('v.department_id = :dep', { dep: f.departmentId });
  if (f.status) qb.andWhere('o.status = :status', { status: f.status });
  const offerings = await qb.getMany();
  if (offerings.length === 0) return [];
  const versions = await dataSource
    .getRepository(OfferingVersion)
    .createQueryBuilder('v')
    .innerJoin(Offering, 'o', 'v.offering_id = o.id and v.version = coalesce(o.published_version, o.draft_version)')
    .where('o.id in (:...ids)', { ids: offerings.map((o) => o.id) })
    .getMany();
  const byId = new Map(versions.map((v) => [v.offeringId, v]));
  return offerings.map((offering) => ({ offering, current: byId.get(offering.id)! }));
}
