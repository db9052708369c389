import { ConflictError, DomainError, NotFoundError, UnauthorizedError } from '@itsm/platform/errors';

export const API_KEY_INVALID = 'auth.api_key.invalid';
export const SIGNATURE_INVALID = 'auth.signature.invalid';
export const API_KEY_NOT_FOUND = 'api_key.not_found';
export const API_KEY_REVOKED = 'api_key.revoked';
export const API_KEY_EXPIRED = 'api_key.expired';
export const HMAC_UNAVAILABLE = 'api_key.hmac_unavailable';

/** Unknown, malformed, revoked, expired or rotated out: one answer, so a caller learns nothing about keys. */
export function apiKeyInvalid(): DomainError {
  return new UnauthorizedError(
    API_KEY_INVALID,
    { en: 'the API key is not valid', 'zh-CN': 'API 密钥无效' },
    { title: { en: 'Invalid API key', 'zh-CN': 'API 密钥无效' } },
  );
}

/** Missing parts, stale or future timestamp, unknown key, wrong signature: one answer for all. */
export function signatureInvalid(): DomainError {
  return new UnauthorizedError(
    SIGNATURE_INVALID,
    {
      en: 'the request signature is not valid (signed with the key’s signing secret over "<timestamp>:<body>", timestamp within 5 minutes)',
      'zh-CN': '请求签名无效（须用密钥的签名密钥对「<时间戳>:<请求体>」签名，时间戳须在 5 分钟以内）',
    },
    { title: { en: 'Invalid signature', 'zh-CN': '签名无效' } },
  );
}

export function apiKeyNotFound(id: string): DomainError {
  return new NotFoundError(
    API_KEY_NOT_FOUND,
    { en: `no API key ${id}`, 'zh-CN': `不存在 API 密钥 ${id}` },
    { extra: { id } },
  );
}

export function apiKeyRevoked(id: string): DomainError {
  return new ConflictError(
    API_KEY_REVOKED,
    { en: 'the API key is revoked; create a new one', 'zh-CN': '该 API 密钥已吊销，请新建密钥' },
    { extra: { id } },
  );
}

export function apiKeyExpired(id: string): DomainError {
  return new ConflictError(
    API_KEY_EXPIRED,
    { en: 'the API key has expired; create a new one', 'zh-CN': '该 API 密钥已过期，请新建密钥' },
    { extra: { id } },
  );
}

export function hmacUnavailable(): DomainError {
  return new ConflictError(
    HMAC_UNAVAILABLE,
    {
      en: 'HMAC keys need GATEWAY_SECRET_KEY to be configured on the gateway',
      'zh-CN': '创建 HMAC 密钥需要在网关上配置 GATEWAY_SECRET_KEY',
    },
    { title: { en: 'HMAC signatures unavailable', 'zh-CN': 'HMAC 签名不可用' } },
  );
}
