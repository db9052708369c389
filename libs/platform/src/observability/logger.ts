import { hostname } from 'node:os';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Keys that hold secrets anywhere we log them: top level, one level down (`body.password`),
 * and the request/response headers pino-http serializes.
 */
export const REDACTED_PATHS: readonly string[] = [
  ...[
    'authorization',
    'cookie',
    'password',
    'token',
    'apiKey',
    'secret',
    'accessToken',
    'refreshToken',
    'clientSecret',
  ].flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

/** Query parameters that carry credentials: OAuth codes and tokens, keys, signatures. */
const SECRET_QUERY_PARAMS =
  /^(code|state|session_state|token|access_token|id_token|refresh_token|api_key|apikey|key|signature|sig|password|secret|client_secret)$/i;

/**
 * A URL as it may be logged: values of credential-carrying query parameters are replaced (an
 * OIDC callback's `code` is worth a session). Other parameters stay, they help find problems.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const params = new URLSearchParams(url.slice(mark + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (SECRET_QUERY_PARAMS.test(name)) {
      params.set(name, '[REDACTED]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, mark)}?${params.toString()}` : url;
}

/** pino-http's request and response serializers, with URLs (and redirect targets) redacted. */
export const httpLogSerializers = {
  req: (req: { url?: string; query?: Record<string, unknown> }) => {
    if (typeof req.url === 'string') req.url = redactUrl(req.url);
    if (req.query && typeof req.query === 'object') {
      for (const name of Object.keys(req.query)) if (SECRET_QUERY_PARAMS.test(name)) req.query[name] = '[REDACTED]';
    }
    return req;
  },
  res: (res: { headers?: Record<string, unknown> }) => {
    const location = res.headers?.['location'];
    if (typeof location === 'string') res.headers!['location'] = redactUrl(location);
    return res;
  },
};

/** `trace_id`/`span_id` of the active span, for correlating a log line with its trace. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

export function isLogLevel(value: string): value is LevelWithSilent {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * The service's JSON logger: level names instead of numbers, ISO timestamps, `service` on every
 * line, trace ids from the active span, secrets redacted. `destination` defaults to stdout.
 */
export function createLogger(
  serviceName: string,
  level: LevelWithSilent | string = 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: isLogLevel(level) ? level : 'info',
    base: { service: serviceName, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label as Level }) },
    mixin: traceFields,
    redact: { paths: [...REDACTED_PATHS], censor: '[REDACTED]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
