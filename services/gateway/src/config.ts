import { z } from 'zod';
import { baseServiceEnv, httpUrlSchema, millisecondsSchema, portSchema } from '@itsm/platform/config';
import { oidcEnvShape, requireOidcClient } from './identity/oidc/oidc.config';
import { apiKeyEnvShape } from './api-key/api-key.config';
import { rateLimitEnvShape } from './rate-limit/rate-limit.config';

interface ServiceEntry {
  /** The `<service>` segment of `/api/<service>/...`, the tag prefix and the health key. */
  readonly name: string;
  /** Environment variable holding the service's base URL. */
  readonly envVar: string;
  readonly required?: boolean;
}

/**
 * The services behind the gateway: `/api/<name>/<rest>` goes to `$<envVar>/<rest>`. A new service
 * is one line here; only those whose variable is set are routed, probed for readiness and documented.
 */
export const SERVICES = [
  { name: 'catalog', envVar: 'CATALOG_URL', required: true },
  { name: 'requests', envVar: 'REQUESTS_URL' },
] as const satisfies readonly ServiceEntry[];

type Service = (typeof SERVICES)[number];
type UpstreamShape = {
  [S in Service as S['envVar']]: S extends { required: true }
    ? typeof httpUrlSchema
    : z.ZodOptional<typeof httpUrlSchema>;
};

function upstreamShape(): UpstreamShape {
  return Object.fromEntries(
    SERVICES.map((s) => [s.envVar, 'required' in s && s.required ? httpUrlSchema : httpUrlSchema.optional()]),
  ) as UpstreamShape;
}

/** A whole number from `min` to `max`, given as a string in the environment. */
function intBetween(min: number, max: number) {
  const message = `expected a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

const DAY_SECONDS = 24 * 60 * 60;

// A database (accounts, refresh tokens, signing keys) but no Kafka: the gateway publishes no events.
export const gatewayEnv = baseServiceEnv
  .omit({ KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, KAFKA_REPLICATION_FACTOR: true, AUTH_JWKS_URL: true })
  .extend({
    SERVICE_NAME: baseServiceEnv.shape.SERVICE_NAME.default('gateway'),
    PORT: portSchema.default(8080),
    /** An upstream silent for this long gets the caller a 504. */
    UPSTREAM_TIMEOUT_MS: millisecondsSchema(100, 600_000).default(30_000),
    /** `iss` of the access tokens the gateway issues; services verify it. */
    AUTH_ISSUER: z.string().trim().min(1).max(200).default('itsm-gateway'),
    /** `aud` of the access tokens; services verify it. */
    AUTH_AUDIENCE: z.string().trim().min(1).max(200).default('itsm'),
    /** Lifetime of an access token (JWT). */
    ACCESS_TOKEN_TTL_SECONDS: intBetween(60, DAY_SECONDS).default(900),
    /** Lifetime of a refresh token; each refresh hands out a new one with a fresh lifetime. */
    REFRESH_TOKEN_TTL_SECONDS: intBetween(300, 90 * DAY_SECONDS).default(14 * DAY_SECONDS),
    /** A signing key older than this is replaced by a new one; the old one stays published until its tokens expired. */
    KEY_ROTATION_DAYS: intBetween(1, 365).default(30),
    /** Failed password sign-ins on one user name from one client address that lock that address out of the name. */
    LOGIN_MAX_FAILURES: intBetween(1, 100).default(5),
    /** Failed password sign-ins on one user name from any address that lock the name everywhere. */
    LOGIN_MAX_FAILURES_PER_USERNAME: intBetween(1, 10_000).default(20),
    /** How long a lock lasts, and how long failures are remembered without reaching one. */
    LOGIN_LOCKOUT_MINUTES: intBetween(1, 24 * 60).default(15),
    /** Create the demo accounts (DEMO ONLY: they share a published password) when there is no account yet. */
    GATEWAY_DEMO_USERS: z.stringbool().default(false),
    // OpenID Connect sign-in (OIDC_*), off unless OIDC_ISSUER_URL is set: identity/oidc/oidc.config.ts.
    ...oidcEnvShape,
    // API keys (GATEWAY_SECRET_KEY for HMAC signatures) and rate limits (RATE_LIMIT_*): api-key/api-key.config.ts, rate-limit/rate-limit.config.ts.
    ...apiKeyEnvShape,
    ...rateLimitEnvShape,
    ...upstreamShape(),
  })
  .superRefine(requireOidcClient);

export type GatewayConfig = z.infer<typeof gatewayEnv>;

/** A configured service the gateway routes to. */
export interface Upstream {
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
}

/** The services of `SERVICES` whose URL is configured, in table order. */
export function upstreamsOf(config: GatewayConfig): Upstream[] {
  const upstreams: Upstream[] = [];
  for (const service of SERVICES) {
    const url: string | undefined = config[service.envVar];
    if (url !== undefined) upstreams.push({ name: service.name, url: url.replace(/\/+$/, '') });
  }
  return upstreams;
}
