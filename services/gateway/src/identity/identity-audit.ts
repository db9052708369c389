import type { UserAccount } from './user-account.entity';

/** An account as its audit records show it: what it may do and whether it may sign in, never its password hash. */
export function accountSnapshot(user: UserAccount) {
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? null,
    signIn: user.oidcIssuer ? 'oidc' : 'password',
    oidcIssuer: user.oidcIssuer ?? null,
    roles: [...user.roles],
    departments: [...user.departments],
    disabled: user.disabled,
  };
}

/** The user as the actor of an audit record, for changes made before they hold a token (sign-in, refresh). */
export function userActor(userId: string) {
  return { subject: userId, kind: 'user' as const };
}
