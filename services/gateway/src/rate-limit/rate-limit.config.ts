import { z } from 'zod';

function perMinute(fallback: number) {
  const message = 'expected a whole number of requests per minute from 1 to 1000000';
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(1_000_000, { error: message })
    .default(fallback);
}

/** Requests per minute and caller, counted by each gateway instance on its own. */
export const rateLimitEnvShape = {
  /** Per signed-in person (the access token's subject). */
  RATE_LIMIT_USER_PER_MINUTE: perMinute(600),
  /** Per API key. */
  RATE_LIMIT_KEY_PER_MINUTE: perMinute(1200),
  /** Per client address, for callers without valid credentials. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: perMinute(120),
  /**
   * Failed sign-ins (401 on `/auth/*`: password, refresh, OIDC) per client address: a ceiling on
   * guessing across many names from one place. High, because one address may be a whole office
   * behind NAT (the per-name lockout, not this, stops guessing one person's password).
   */
  RATE_LIMIT_LOGIN_PER_MINUTE: perMinute(300),
};
