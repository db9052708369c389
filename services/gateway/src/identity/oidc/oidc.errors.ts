import { DomainError, ForbiddenError, NotFoundError, UnauthorizedError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export const OIDC_NOT_CONFIGURED = 'auth.oidc.not_configured';
export const OIDC_STATE_INVALID = 'auth.oidc.state_invalid';
export const OIDC_DENIED = 'auth.oidc.denied';
export const OIDC_FAILED = 'auth.oidc.failed';
export const OIDC_UNAVAILABLE = 'auth.oidc.unavailable';
export const OIDC_ACCOUNT_DISABLED = 'auth.oidc.account_disabled';

export function oidcNotConfigured(): DomainError {
  return new NotFoundError(
    OIDC_NOT_CONFIGURED,
    localized('sign-in through an identity provider is not set up on this gateway', '此网关未配置身份提供方登录'),
    { title: localized('OIDC sign-in not configured', '未配置 OIDC 登录') },
  );
}

/** Unknown, expired or already used: the person starts the sign-in again. Which one is logged, not told. */
export function oidcStateInvalid(): DomainError {
  return new DomainError({
    code: OIDC_STATE_INVALID,
    status: 400,
    title: localized('Sign-in expired or already completed', '登录已过期或已完成'),
    detail: localized('this sign-in is not pending any more; start it again', '该登录请求已失效，请重新登录'),
  });
}

/** The provider answered with an error (`access_denied` when the person declined); its code is passed on. */
export function oidcDenied(providerError: string): DomainError {
  return new UnauthorizedError(
    OIDC_DENIED,
    localized(
      `the identity provider refused the sign-in (${providerError})`,
      `身份提供方拒绝了登录（${providerError}）`,
    ),
    {
      title: localized('Sign-in refused by the identity provider', '身份提供方拒绝登录'),
      extra: { providerError },
    },
  );
}

/** The code could not be exchanged, or the ID token did not check out. The reason is logged, not told. */
export function oidcFailed(cause?: unknown): DomainError {
  return new UnauthorizedError(
    OIDC_FAILED,
    localized(
      'the sign-in with the identity provider could not be completed; start it again',
      '无法完成身份提供方登录，请重新登录',
    ),
    { title: localized('Sign-in failed', '登录失败'), cause },
  );
}

export function oidcUnavailable(cause?: unknown): DomainError {
  return new DomainError({
    code: OIDC_UNAVAILABLE,
    status: 503,
    title: localized('Identity provider unavailable', '身份提供方不可用'),
    detail: localized(
      'the identity provider could not be reached; try again shortly',
      '无法连接身份提供方，请稍后重试',
    ),
    cause,
  });
}

export function oidcAccountDisabled(): DomainError {
  return new ForbiddenError(
    OIDC_ACCOUNT_DISABLED,
    localized('this account is disabled on the platform', '该账号已在平台上停用'),
    { title: localized('Account disabled', '账号已停用') },
  );
}
