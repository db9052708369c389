import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';

const PORT_MESSAGE = 'expected a number from 1 to 65535';
const BROKERS_MESSAGE = 'expected a comma-separated list of host:port';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

/** TCP port given as a string in the environment, coerced to an integer 1..65535. */
export const portSchema = z
  .string()
  .regex(/^\s*\d+\s*$/, { error: PORT_MESSAGE })
  .transform(Number)
  .pipe(z.number().int().min(1, { error: PORT_MESSAGE }).max(65535, { error: PORT_MESSAGE }));

/** `postgres://` or `postgresql://` connection URL. */
export const postgresUrlSchema = z.string().refine(
  (value) => {
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { error: 'expected a postgres:// or postgresql:// URL' },
);

const brokerSchema = z.string().refine(
  (value) => {
    const match = /^([^\s:,/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
    return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
  },
  { error: BROKERS_MESSAGE },
);

/** `host:port,host:port` → `['host:port', 'host:port']`. */
export const kafkaBrokersSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(brokerSchema).min(1, { error: BROKERS_MESSAGE }));

/** http(s) URL, e.g. an OTLP collector endpoint. */
export const httpUrlSchema = z.string().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { error: 'expected an http:// or https:// URL' },
);

/** Body size in body-parser's notation: `512kb`, `1mb`, `1048576`. */
export const byteSizeSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, { error: 'expected a size like 100kb or 1mb' });

/** A whole number of milliseconds from `min` to `max`, given as a string in the environment. */
export function millisecondsSchema(min: number, max: number) {
  const message = `expected milliseconds from ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

/** The address to listen on: an IP literal, so a typo cannot resolve to some other interface. */
export const listenHostSchema = z
  .string()
  .trim()
  .refine((value) => isIP(value) !== 0, {
    error: 'expected an IP address to listen on, like 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
  });

const PROXIES_MESSAGE =
  'expected a comma-separated list of IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal)';

/** Validated by proxy-addr itself, the library express matches `trust proxy` with: what passes here, express accepts. */
function isProxyAddress(value: string): boolean {
  try {
    proxyAddr.compile(value);
    return true;
  } catch {
    return false;
  }
}

/** `10.0.0.0/8, 192.168.1.7` → `['10.0.0.0/8', '192.168.1.7']`; unset: no proxy is trusted. */
export const trustedProxiesSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(z.string().refine(isProxyAddress, { error: PROXIES_MESSAGE })));

/**
 * Variables every service reads. Extend it in the service's `config.ts`:
 * `baseServiceEnv.extend({ SERVICE_NAME: z.string().default('catalog'), MY_VAR: ... })`,
 * or use `serviceEnv({ SERVICE_NAME: 'catalog', PORT: 3101 })` for the defaults.
 */
export const baseServiceEnv = z.object({
  SERVICE_NAME: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a lower-case name like "catalog"' }),
  PORT: portSchema,
  /**
   * Where the HTTP server listens. Loopback unless told otherwise: a process started by hand is not
   * reachable from the network (containers set 0.0.0.0, reached only through their network).
   */
  HOST: listenHostSchema.default('127.0.0.1'),
  /**
   * Peers whose X-Forwarded-For / -Proto / -Host are believed (the gateway, a load balancer); the
   * default trusts none, so the TCP peer is the client and a caller cannot choose its own address.
   */
  TRUSTED_PROXIES: trustedProxiesSchema.default([]),
  /** A client has this long to send a request's headers (408 otherwise). */
  HTTP_HEADERS_TIMEOUT_MS: millisecondsSchema(100, 600_000).default(10_000),
  /** A client has this long to send a whole request, headers and body (408 otherwise): a trickled body cannot hold a connection. */
  HTTP_REQUEST_TIMEOUT_MS: millisecondsSchema(100, 3_600_000).default(30_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATABASE_URL: postgresUrlSchema,
  KAFKA_BROKERS: kafkaBrokersSchema,
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Copies of each topic the service creates at start: 1 on one broker, 3 on a production cluster. */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrlSchema.optional(),
  HTTP_BODY_LIMIT: byteSizeSchema.default('1mb'),
  NODE_ENV: z.enum(NODE_ENVS, { error: `expected one of ${NODE_ENVS.join(', ')}` }).default('production'),
  /** `iss` of the access tokens the service accepts (the gateway's AUTH_ISSUER). */
  AUTH_ISSUER: z.string().trim().min(1).max(200).default('itsm-gateway'),
  /** `aud` the access tokens must carry (the gateway's AUTH_AUDIENCE). */
  AUTH_AUDIENCE: z.string().trim().min(1).max(200).default('itsm'),
  /** Where the issuer publishes its signing keys; every service verifies tokens against them itself. */
  AUTH_JWKS_URL: httpUrlSchema.default('http://127.0.0.1:8080/.well-known/jwks.json'),
});

export type BaseServiceEnv = z.infer<typeof baseServiceEnv>;

/** `baseServiceEnv` with a default service name (and optionally port) filled in. */
export function serviceEnv(defaults: { SERVICE_NAME: string; PORT?: number }) {
  return baseServiceEnv.extend({
    SERVICE_NAME: baseServiceEnv.shape.SERVICE_NAME.default(defaults.SERVICE_NAME),
    PORT: defaults.PORT === undefined ? portSchema : portSchema.default(defaults.PORT),
  });
}
