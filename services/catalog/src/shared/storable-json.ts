import type { z } from 'zod';
import { NUL_CHARACTER_MESSAGE, say, localized } from '@itsm/contracts';

const NUL = '\u0000';

/** Deeper than any form needs; bounds the walk below (and JSON.stringify/Ajv after it). */
export const MAX_JSON_DEPTH = 64;

/**
 * Free-form JSON (a form's JSON Schema) has no schema of its own to refuse what jsonb cannot
 * store, so this walks it: a NUL in any string or key, and nesting past MAX_JSON_DEPTH, are
 * reported at the place they occur (paths relative to the refined value, under `at`).
 */
export function refuseUnstorableJson(value: unknown, ctx: z.RefinementCtx, at: PropertyKey[] = []): void {
  walk(value, at, ctx);
}

function walk(value: unknown, path: PropertyKey[], ctx: z.RefinementCtx): void {
  if (typeof value === 'string') {
    if (value.includes(NUL)) ctx.addIssue({ code: 'custom', message: say(NUL_CHARACTER_MESSAGE), path });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (path.length >= MAX_JSON_DEPTH) {
    ctx.addIssue({
      code: 'custom',
      message: say(
        localized(`must not be nested more than ${MAX_JSON_DEPTH} levels deep`, `嵌套不能超过 ${MAX_JSON_DEPTH} 层`),
      ),
      path,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, index], ctx));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    // The path is shown to the client: spell the NUL out rather than echo it.
    const segment = key.replaceAll(NUL, '\\u0000');
    if (segment !== key)
      ctx.addIssue({
        code: 'custom',
        message: say(localized(`property name ${NUL_CHARACTER_MESSAGE.en}`, `属性名${NUL_CHARACTER_MESSAGE['zh-CN']}`)),
        path: [...path, segment],
      });
    walk(item, [...path, segment], ctx);
  }
}
