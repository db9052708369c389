import { z } from 'zod';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, pageOf } from '@itsm/platform/database';
import { cursorId } from '@itsm/platform/service';

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
  includeArchived: z.stringbool().default(false),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/**
 * Keyset pagination on the UUIDv7 id (time-ordered): stable while rows are added.
 * The builder's alias must be `e`.
 */
export async function listPage<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  query: { limit: number; cursor?: string },
): Promise<Page<E>> {
  const afterId = cursorId(query.cursor);
  if (afterId) qb.andWhere('e.id > :after', { after: afterId });
  const rows = await qb
    .orderBy('e.id', 'ASC')
    .limit(query.limit + 1)
    .getMany();
  return pageOf(rows, query.limit, (row) => ({ id: row.id }));
}
