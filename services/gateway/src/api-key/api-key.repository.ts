import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, isUuid, Page, pageOf } from '@itsm/platform/database';
import { ValidationError } from '@itsm/platform/errors';
import { ApiKey } from './api-key.entity';
import { apiKeyNotFound } from './api-key.errors';
import type { ListApiKeysQuery } from './dto/api-key.dto';
import { localized } from '@itsm/contracts';

/** Reads and writes of `api_key`; no rules here. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The key, or undefined (also for an id that is no UUID: nothing to find). */
  find(id: string, m: EntityManager = this.dataSource.manager): Promise<ApiKey | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return m.findOne(ApiKey, { where: { id } });
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.find(id);
    if (!key) throw apiKeyNotFound(id);
    return key;
  }

  /** The key locked for a change (rotation, revocation) in the caller's transaction. */
  async getForUpdate(m: EntityManager, id: string): Promise<ApiKey> {
    const key = isUuid(id) ? await m.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!key) throw apiKeyNotFound(id);
    return key;
  }

  /** Oldest first (UUIDv7 ids are time-ordered), keyset pagination on the id. */
  async list(query: ListApiKeysQuery): Promise<Page<ApiKey>> {
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k');
    if (!query.includeRevoked) qb.andWhere('k.revoked_at is null');
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor)?.['id'];
      if (!isUuid(after))
        throw new ValidationError([
          {
            path: 'cursor',
            code: 'invalid',
            message: localized('not a cursor returned by this API', '不是本接口返回的游标'),
          },
        ]);
      qb.andWhere('k.id > :after', { after });
    }
    const rows = await qb
      .orderBy('k.id', 'ASC')
      .limit(query.limit + 1)
      .getMany();
    return pageOf(rows, query.limit, (key) => ({ id: key.id }));
  }

  /** Sets `last_used_at`, unless another request (or replica) did so within the last `intervalMs`. */
  async touch(id: string, now: Date, intervalMs: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: now })
      .where('id = :id and (last_used_at is null or last_used_at < :before)', {
        id,
        before: new Date(now.getTime() - intervalMs),
      })
      .execute();
  }
}
