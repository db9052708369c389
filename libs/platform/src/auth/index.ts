export { ROLES } from './principal';
export type { Role, Principal, AccessTokenClaims } from './principal';
export { SigningKeyRing, ACCESS_TOKEN_ALGORITHM } from './signing-key-ring';
export type { StoredSigningKey, SignOptions } from './signing-key-ring';
export { TokenVerifier } from './token-verifier';
export type { TokenVerifierOptions } from './token-verifier';
export { AuthGuard, Public, RequireRoles, CurrentPrincipal } from './auth.guard';
export { AuthModule } from './auth.module';
export type { AuthModuleOptions } from './auth.module';
export {
  RequireScopes,
  API_KEY_SCOPES,
  KEY_SUBJECT_PREFIX,
  isGrantableScope,
  isKeyPrincipal,
  resolveScope,
  assertKeyScope,
} from './scopes';
