// Cursor pagination: the cursor is an opaque base64url of the last row's sort key, so pages stay
// stable while rows are inserted (offsets would skip or repeat rows).
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Returns undefined for a cursor that is not one of ours; callers turn that into a 400. */
export function decodeCursor(cursor: string): Record<string, string | number> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, string | number>;
  } catch {
    // fall through
  }
  return undefined;
}

/** Rows were fetched with limit + 1: the extra row only tells that a next page exists. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Record<string, string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
