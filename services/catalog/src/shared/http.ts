import { z } from 'zod';
import { parseWith } from '@itsm/platform/errors';

const IdSchema = z.uuid();

/** Path ids are checked before they reach SQL, so a malformed one is a 400, not a database error. */
export function parseId(value: string, name = 'id'): string {
  return parseWith(z.object({ [name]: IdSchema }), { [name]: value })[name] as string;
}

/** OpenAPI body/query schema from the same zod schema that validates the request. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}
