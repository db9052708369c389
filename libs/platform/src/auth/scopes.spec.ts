import { assertKeyScope, isGrantableScope, isKeyPrincipal, resolveScope } from './scopes';
import { Principal } from './principal';

const key = (scopes: string[]): Principal => ({
  subject: 'key:0190a1b2-0000-7000-8000-000000000001',
  roles: [],
  departments: [],
  scopes,
});

describe('scopes', () => {
  it('grants the known scopes and alerts:write:<slug> (2..63 characters), nothing else', () => {
    for (const scope of [
      'catalog:read',
      'requests:read',
      'requests:write',
      'incidents:read',
      'alerts:write:grafana-prod',
      'alerts:write:a1',
    ]) {
      expect({ scope, ok: isGrantableScope(scope) }).toEqual({ scope, ok: true });
    }
    for (const scope of [
      'catalog:write',
      'alerts:write',
      'alerts:write:',
      'alerts:write:A',
      'alerts:write:a',
      'alerts:write:-x',
      'alerts:write:a:b',
      '*',
      'catalog:read ',
      '',
    ]) {
      expect({ scope, ok: isGrantableScope(scope) }).toEqual({ scope, ok: false });
    }
  });

  it('tells keys from people by the subject', () => {
    expect(isKeyPrincipal(key([]))).toBe(true);
    expect(
      isKeyPrincipal({
        subject: '0190a1b2-0000-7000-8000-000000000001',
        roles: ['requester'],
        departments: [],
        scopes: [],
      }),
    ).toBe(false);
  });

  it('fills placeholders from route parameters, only with slugs', () => {
    expect(resolveScope('alerts:write:{source}', { source: 'grafana-prod' })).toBe('alerts:write:grafana-prod');
    expect(resolveScope('catalog:read', {})).toBe('catalog:read');
    expect(resolveScope('alerts:write:{source}', {})).toBeUndefined();
    expect(resolveScope('alerts:write:{source}', { source: 'a:b' })).toBeUndefined();
    expect(resolveScope('alerts:write:{source}', { source: ['a'] })).toBeUndefined();
  });

  it('asserts a key holds one of the resolved scopes', () => {
    expect(() =>
      assertKeyScope(key(['alerts:write:src-a']), ['alerts:write:{source}'], { source: 'src-a' }),
    ).not.toThrow();
    expect(() => assertKeyScope(key(['alerts:write:src-a']), ['alerts:write:{source}'], { source: 'src-b' })).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'auth.scope.forbidden',
        extra: { requiredScopes: ['alerts:write:src-b'] },
      }),
    );
    expect(() => assertKeyScope(key(['catalog:read']), undefined)).toThrow(
      expect.objectContaining({ code: 'auth.scope.forbidden' }),
    );
    expect(() => assertKeyScope(key(['catalog:read']), [])).toThrow(
      expect.objectContaining({ code: 'auth.scope.forbidden' }),
    );
  });
});
