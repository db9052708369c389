import { z } from 'zod';
import { say, localized } from '@itsm/contracts';
import { EntityManager } from 'typeorm';
import { Page, pageOf } from '../database';
import { cursorId } from '../service/http-api';
import { AuditRecord } from './audit-record.entity';

export const AuditQuerySchema = z
  .object({
    objectType: z.string().trim().min(1).max(100).optional(),
    objectId: z.string().trim().min(1).max(200).optional(),
    actor: z.string().trim().min(1).max(200).optional().describe('A user id or key:<id> / 用户 ID 或 key:<id>'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const byObject = q.objectType !== undefined || q.objectId !== undefined;
    if (byObject && (q.objectType === undefined || q.objectId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.objectType === undefined ? 'objectType' : 'objectId'],
        message: say(localized('objectType and objectId go together', 'objectType 与 objectId 须同时给出')),
      });
    }
    if (!byObject && q.actor === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['actor'],
        message: say(
          localized(
            'ask for one object (objectType and objectId) or one actor',
            '请指定一个对象（objectType 与 objectId）或一个操作者',
          ),
        ),
      });
    }
  });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Records newest first, keyset-paged on the time-ordered id. */
export async function findAuditRecords(
  manager: EntityManager,
  query: AuditQuery,
  restrict?: { departments: string[] },
): Promise<Page<AuditRecord>> {
  const qb = manager.createQueryBuilder(AuditRecord, 'a');
  if (query.objectType !== undefined)
    qb.andWhere('a.object_type = :objectType and a.object_id = :objectId', {
      objectType: query.objectType,
      objectId: query.objectId,
    });
  if (query.actor !== undefined) qb.andWhere('a.actor_subject = :actor', { actor: query.actor });
  if (restrict) qb.andWhere('a.department = any(:departments)', { departments: restrict.departments });
  const before = cursorId(query.cursor);
  if (before !== undefined) qb.andWhere('a.id < :before', { before });
  const rows = await qb
    .orderBy('a.id', 'DESC')
    .limit(query.limit + 1)
    .getMany();
  return pageOf(rows, query.limit, (row) => ({ id: row.id }));
}
