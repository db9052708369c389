import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

/** Exit code for a configuration error (sysexits.h EX_CONFIG). */
export const EX_CONFIG = 78;

export type Env = Record<string, string | undefined>;

// Values of these variables never reach a message: the message is logged.
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE|CREDENTIAL/i;
const MAX_ECHO = 80;

/**
 * Validates the environment against `schema` and returns the parsed config.
 * Empty strings count as unset, so `FOO=` in an env file falls back to the default.
 * Throws `ConfigError` naming every bad variable.
 */
export function loadConfig<T extends z.ZodObject>(schema: T, env: Env = process.env): z.infer<T> {
  const input: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
    // One problem per variable keeps the message readable; the first is the most basic one.
    if (seen.has(variable)) continue;
    seen.add(variable);
    issues.push({ variable, problem: describe(variable, input[variable], issue.message) });
  }
  throw new ConfigError(issues);
}

function describe(variable: string, raw: string | undefined, message: string): string {
  if (raw === undefined) return 'required';
  if (SECRET_NAME.test(variable)) return message;
  return `${message}, got ${JSON.stringify(echo(raw))}`;
}

function echo(raw: string): string {
  // URLs may carry credentials (postgres://user:pass@host): keep the shape, hide the secret.
  const masked = raw.replace(/\/\/[^/@\s]*@/, '//***@');
  return masked.length > MAX_ECHO ? `${masked.slice(0, MAX_ECHO)}…` : masked;
}

/**
 * `loadConfig` for `main.ts`: on a bad environment it writes one JSON log line to stderr
 * and exits with EX_CONFIG (78), so orchestrators show the variable and don't hot-loop on it.
 */
export function configOrExit<T extends z.ZodObject>(schema: T, env: Env = process.env): z.infer<T> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const line = {
      level: 'fatal',
      time: new Date().toISOString(),
      service: env.SERVICE_NAME,
      msg: error.message,
      issues: error.issues,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
    return process.exit(EX_CONFIG);
  }
}
