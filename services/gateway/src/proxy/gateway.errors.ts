import { DomainError, NotFoundError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export const SERVICE_UNKNOWN = 'gateway.service.unknown';
export const UPSTREAM_UNAVAILABLE = 'gateway.upstream.unavailable';
export const UPSTREAM_TIMEOUT = 'gateway.upstream.timeout';
export const PAYLOAD_TOO_LARGE = 'http.payload_too_large';
export const PATH_INVALID = 'gateway.path.invalid';

export function serviceUnknown(service: string, known: readonly string[]): DomainError {
  return new NotFoundError(
    SERVICE_UNKNOWN,
    localized(
      `no service '${service}' behind this gateway; known: ${known.join(', ') || 'none'}`,
      `网关后没有名为「${service}」的服务；可用服务：${known.join('、') || '无'}`,
    ),
    { title: localized('Unknown service', '未知服务'), extra: { service, services: [...known] } },
  );
}

export function pathInvalid(): DomainError {
  return new DomainError({
    code: PATH_INVALID,
    status: 400,
    title: localized('Invalid path', '路径无效'),
    detail: localized("'.' and '..' segments are not allowed", '路径中不允许出现「.」或「..」段'),
  });
}

/** Seconds a caller is told to wait when a service behind the gateway cannot be reached or did not answer in time. */
const UPSTREAM_RETRY_AFTER_SECONDS = 5;

/**
 * 503: the service is down or restarting, not broken; only its routes fail, and the gateway itself
 * stays ready (its probe does not follow the services', so one sick service takes nothing else down).
 */
export function upstreamUnavailable(service: string, cause?: unknown): DomainError {
  return new DomainError({
    code: UPSTREAM_UNAVAILABLE,
    status: 503,
    title: localized('Service unavailable', '服务不可用'),
    detail: localized(
      `the ${service} service could not be reached; try again shortly`,
      `暂时无法连接到 ${service} 服务，请稍后重试`,
    ),
    extra: { service, retryAfterSeconds: UPSTREAM_RETRY_AFTER_SECONDS },
    cause,
  });
}

export function upstreamTimeout(service: string, timeoutMs: number): DomainError {
  return new DomainError({
    code: UPSTREAM_TIMEOUT,
    status: 504,
    title: localized('Gateway timeout', '服务响应超时'),
    detail: localized(
      `the ${service} service did not answer within ${timeoutMs} ms`,
      `${service} 服务未在 ${timeoutMs} 毫秒内响应`,
    ),
    extra: { service, timeoutMs, retryAfterSeconds: UPSTREAM_RETRY_AFTER_SECONDS },
  });
}

/** Same code and shape as the services' own 413 (platform problem mapper), so clients see one error. */
export function payloadTooLarge(limit: number): DomainError {
  return new DomainError({
    code: PAYLOAD_TOO_LARGE,
    status: 413,
    title: localized('Payload too large', '请求体过大'),
    detail: localized(`request body exceeds the limit of ${limit} bytes`, `请求体超过 ${limit} 字节的上限`),
    extra: { limit },
  });
}
