import { z } from 'zod';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, isUuid, Page, pageOf } from '@itsm/platform/database';
import { ValidationError } from '@itsm/platform/errors';

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
  includeArchived: z.stringbool().default(false),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/**
 * The id a page continues after. A cursor is opaque but client-supplied: anything other than
 * one this API returned (an id that is a UUID) is a 400 here, not a failed query later.
 */
export function cursorAfterId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = decodeCursor(cursor)?.['id'];
  if (!isUuid(id)) {
    throw new ValidationError([{ path: 'cursor', code: 'invalid', message: 'not a cursor returned by this API' }]);
  }
  return id;
}

/**
 * Keyset pagination on the UUIDv7 id (time-ordered): stable while rows are added.
 * The builder's alias must be `e`.
 */
export async function listPage<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  query: { limit: number; cursor?: string },
): Promise<Page<E>> {
  const afterId = cursorAfterId(query.cursor);
  if (afterId) qb.andWhere('e.id > :after', { after: afterId });
  const rows = await qb.orderBy('e.id', 'ASC').limit(query.limit + 1).getMany();
  return pageOf(rows, query.limit, (row) => ({ id: row.id }));
}
