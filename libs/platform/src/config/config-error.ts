/** One environment variable that failed validation, and why. */
export interface ConfigIssue {
  variable: string;
  problem: string;
}

/** Thrown by `loadConfig` when the environment does not satisfy the schema. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable}: ${i.problem}`).join('; ')}`);
  }
}
