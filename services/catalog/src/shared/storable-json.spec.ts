import { z } from 'zod';
import { MAX_JSON_DEPTH, refuseUnstorableJson } from './storable-json';

const Json = z.record(z.string(), z.unknown()).superRefine(refuseUnstorableJson);

function pathsOf(value: unknown): string[] {
  const result = Json.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('/'));
}

describe('refuseUnstorableJson', () => {
  it('passes JSON that jsonb can store', () => {
    expect(pathsOf({ a: ['x', 1, null, true, { b: '门店\t\n\u0001' }] })).toEqual([]);
  });

  it('names every string and key holding a NUL, spelling the NUL out in paths', () => {
    expect(pathsOf({ a: ['ok', 'b\u0000d'], 'k\u0000': { c: '\u0000' } })).toEqual(['a/1', 'k\\u0000', 'k\\u0000/c']);
  });

  it('stops at MAX_JSON_DEPTH instead of walking (or overflowing) further', () => {
    let deep: unknown = 'leaf\u0000';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const result = Json.safeParse({ deep });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` }),
    ]);
    expect(result.error?.issues[0].path).toHaveLength(MAX_JSON_DEPTH);
  });
});
