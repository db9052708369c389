import { z } from 'zod';
import { baseServiceEnv, httpUrlSchema, portSchema } from '@itsm/platform/config';

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
] as const satisfies readonly ServiceEntry[];

type Service = (typeof SERVICES)[number];
type UpstreamShape = {
  [S in Service as S['envVar']]: S extends { required: true } ? typeof httpUrlSchema : z.ZodOptional<typeof httpUrlSchema>;
};

function upstreamShape(): UpstreamShape {
  return Object.fromEntries(
    SERVICES.map((s) => [s.envVar, 'required' in s && s.required ? httpUrlSchema : httpUrlSchema.optional()]),
  ) as UpstreamShape;
}

const TIMEOUT_MESSAGE = 'expected milliseconds from 100 to 600000';

// No database and no Kafka: the gateway keeps no state of its own.
export const gatewayEnv = baseServiceEnv.omit({ DATABASE_URL: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true }).extend({
  SERVICE_NAME: baseServiceEnv.shape.SERVICE_NAME.default('gateway'),
  PORT: portSchema.default(8080),
  /** An upstream silent for this long gets the caller a 504. */
  UPSTREAM_TIMEOUT_MS: z.coerce
    .number({ error: TIMEOUT_MESSAGE })
    .int({ error: TIMEOUT_MESSAGE })
    .min(100, { error: TIMEOUT_MESSAGE })
    .max(600_000, { error: TIMEOUT_MESSAGE })
    .default(30_000),
  ...upstreamShape(),
});

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
