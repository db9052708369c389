import type { GatewayConfig } from '../config';

/** `ApiKeySettings` */
export const API_KEY_SETTINGS = Symbol('API_KEY_SETTINGS');

export interface ApiKeySettings {
  /** `iss` and `aud` of the tokens minted for keys: the same as people's, services verify them alike. */
  issuer: string;
  audience: string;
  /** GATEWAY_SECRET_KEY, decoded; without it no HMAC key can be created or checked. */
  serverKey?: Buffer;
  /** Lifetime of the access token minted for each request made with a key: it only has to reach the service. */
  keyTokenTtlSeconds: number;
  /** A signed request's timestamp may be this far from the gateway's clock, either way. */
  signatureWindowSeconds: number;
  /** `last_used_at` is written at most this often per key and gateway instance. */
  lastUsedIntervalMs: number;
}

export function apiKeySettingsOf(config: GatewayConfig): ApiKeySettings {
  const secret = config.GATEWAY_SECRET_KEY?.trim();
  return {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    serverKey: secret ? Buffer.from(secret, 'base64') : undefined,
    keyTokenTtlSeconds: 60,
    signatureWindowSeconds: 300,
    lastUsedIntervalMs: 60_000,
  };
}
