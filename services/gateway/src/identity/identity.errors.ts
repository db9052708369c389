import { DomainError, UnauthorizedError } from '@itsm/platform/errors';

export const LOGIN_FAILED = 'auth.login.failed';
export const LOGIN_LOCKED = 'auth.login.locked';
export const REFRESH_INVALID = 'auth.refresh.invalid';

/** One answer for an unknown username, a wrong password and a disabled account: nothing to tell them apart. */
export function loginFailed(): DomainError {
  return new UnauthorizedError(
    LOGIN_FAILED,
    { en: 'the username or password is incorrect', 'zh-CN': '用户名或密码不正确' },
    { title: { en: 'Sign-in failed', 'zh-CN': '登录失败' } },
  );
}

/** 429 with `Retry-After`: too many failed sign-ins, the account refuses them for a while. */
export class AccountLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super({
      code: LOGIN_LOCKED,
      status: 429,
      title: { en: 'Account temporarily locked', 'zh-CN': '账号已被临时锁定' },
      detail: {
        en: `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        'zh-CN': `登录失败次数过多，请在 ${minutes} 分钟后重试`,
      },
      extra: { retryAfterSeconds },
    });
  }
}

/** Unknown, expired, revoked or reused: the client signs in again. Which one is logged, not told. */
export function refreshInvalid(): DomainError {
  return new UnauthorizedError(
    REFRESH_INVALID,
    { en: 'the refresh token is not valid; sign in again', 'zh-CN': '刷新令牌无效，请重新登录' },
    { title: { en: 'Session expired', 'zh-CN': '会话已失效' } },
  );
}
