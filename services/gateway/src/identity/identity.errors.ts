import { DomainError, UnauthorizedError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export const LOGIN_FAILED = 'auth.login.failed';
export const LOGIN_LOCKED = 'auth.login.locked';
export const REFRESH_INVALID = 'auth.refresh.invalid';

/** One answer for an unknown username, a wrong password and a disabled account: nothing to tell them apart. */
export function loginFailed(): DomainError {
  return new UnauthorizedError(LOGIN_FAILED, localized('the username or password is incorrect', '用户名或密码不正确'), {
    title: localized('Sign-in failed', '登录失败'),
  });
}

/** 429 with `Retry-After`: too many failed sign-ins, the account refuses them for a while. */
export class AccountLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super({
      code: LOGIN_LOCKED,
      status: 429,
      title: localized('Account temporarily locked', '账号已被临时锁定'),
      detail: localized(
        `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        `登录失败次数过多，请在 ${minutes} 分钟后重试`,
      ),
      extra: { retryAfterSeconds },
    });
  }
}

/** Unknown, expired, revoked or reused: the client signs in again. Which one is logged, not told. */
export function refreshInvalid(): DomainError {
  return new UnauthorizedError(
    REFRESH_INVALID,
    localized('the refresh token is not valid; sign in again', '刷新令牌无效，请重新登录'),
    { title: localized('Session expired', '会话已失效') },
  );
}
