import type { GatewayConfig } from '../config';

/** `RateLimitSettings` */
export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

/** Requests per minute, per caller of each kind (`login`: failed sign-ins per minute and address). */
export interface RateLimitSettings {
  user: number;
  key: number;
  anonymous: number;
  login: number;
}

export function rateLimitSettingsOf(config: GatewayConfig): RateLimitSettings {
  return {
    user: config.RATE_LIMIT_USER_PER_MINUTE,
    key: config.RATE_LIMIT_KEY_PER_MINUTE,
    anonymous: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    login: config.RATE_LIMIT_LOGIN_PER_MINUTE,
  };
}
