/** Field names whose values never go into an audit record (nor, through it, anywhere else). */
const SECRET_FIELD = /(password|secret|token|hash|privatejwk|apikey|credential)/i;

export const REDACTED = '[redacted]';

/** A copy of a snapshot with secret-looking fields replaced, at any depth. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_FIELD.test(key) && item !== null && item !== undefined ? REDACTED : redactSecrets(item, depth + 1);
  }
  return out;
}
