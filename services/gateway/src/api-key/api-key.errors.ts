import { ConflictError, DomainError, NotFoundError, UnauthorizedError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export const API_KEY_INVALID = 'auth.api_key.invalid';
export const SIGNATURE_INVALID = 'auth.signature.invalid';
export const API_KEY_NOT_FOUND = 'api_key.not_found';
export const API_KEY_REVOKED = 'api_key.revoked';
export const API_KEY_EXPIRED = 'api_key.expired';
export const HMAC_UNAVAILABLE = 'api_key.hmac_unavailable';

/** Unknown, malformed, revoked, expired or rotated out: one answer, so a caller learns nothing about keys. */
export function apiKeyInvalid(): DomainError {
  return new UnauthorizedError(API_KEY_INVALID, localized('the API key is not valid', 'API 密钥无效'), {
    title: localized('Invalid API key', 'API 密钥无效'),
  });
}

/** Missing parts, stale or future timestamp, unknown key, wrong signature: one answer for all. */
export function signatureInvalid(): DomainError {
  return new UnauthorizedError(
    SIGNATURE_INVALID,
    localized(
      'the request signature is not valid (signed with the key’s signing secret over "<timestamp>:<body>", timestamp within 5 minutes)',
      '请求签名无效（须用密钥的签名密钥对「<时间戳>:<请求体>」签名，时间戳须在 5 分钟以内）',
    ),
    { title: localized('Invalid signature', '签名无效') },
  );
}

export function apiKeyNotFound(id: string): DomainError {
  return new NotFoundError(API_KEY_NOT_FOUND, localized(`no API key ${id}`, `不存在 API 密钥 ${id}`), {
    extra: { id },
  });
}

export function apiKeyRevoked(id: string): DomainError {
  return new ConflictError(
    API_KEY_REVOKED,
    localized('the API key is revoked; create a new one', '该 API 密钥已吊销，请新建密钥'),
    { extra: { id } },
  );
}

export function apiKeyExpired(id: string): DomainError {
  return new ConflictError(
    API_KEY_EXPIRED,
    localized('the API key has expired; create a new one', '该 API 密钥已过期，请新建密钥'),
    { extra: { id } },
  );
}

export function hmacUnavailable(): DomainError {
  return new ConflictError(
    HMAC_UNAVAILABLE,
    localized(
      'HMAC keys need GATEWAY_SECRET_KEY to be configured on the gateway',
      '创建 HMAC 密钥需要在网关上配置 GATEWAY_SECRET_KEY',
    ),
    { title: localized('HMAC signatures unavailable', 'HMAC 签名不可用') },
  );
}
