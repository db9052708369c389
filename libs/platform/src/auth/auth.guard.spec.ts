import 'reflect-metadata';
import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemExceptionFilter } from '../errors';
import { AuthGuard, CurrentPrincipal, Public, RequireRoles } from './auth.guard';
import { Principal } from './principal';
import { RequireScopes } from './scopes';
import { SigningKeyRing } from './signing-key-ring';
import { TokenVerifier } from './token-verifier';

@Controller()
class ProbeController {
  @Get('mine') mine(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
  @Public() @Get('open') open() {
    return { ok: true };
  }
  @RequireRoles('platform-admin', 'department-admin') @Get('admin') admin() {
    return { ok: true };
  }
  @RequireScopes('catalog:read') @Get('offerings') offerings() {
    return { ok: true };
  }
  @RequireScopes('alerts:write:{source}') @Post('alerts/:source') alert() {
    return { ok: true };
  }
  // People need the role; integrations the scope.
  @RequireRoles('platform-admin') @RequireScopes('requests:write') @Post('requests') createRequest() {
    return { ok: true };
  }
}

@RequireScopes('incidents:read')
@Controller('incidents')
class ScopedController {
  @Get() list() {
    return { ok: true };
  }
  @RequireScopes('incidents:read', 'requests:read') @Get('linked') linked() {
    return { ok: true };
  }
}

describe('AuthGuard', () => {
  let app: INestApplication;
  let ring: SigningKeyRing;

  beforeAll(async () => {
    ring = await SigningKeyRing.generate();
    @Module({
      controllers: [ProbeController, ScopedController],
      providers: [
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({ issuer: 'iss', audience: 'aud', jwks: () => ring.jwks() }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    })
    class ProbeModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemExceptionFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it('protects every route by default: no token is a 401 problem', async () => {
    const res = await request(app.getHttpServer()).get('/mine').expect(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'auth.token.missing' });
    const wrongScheme = await request(app.getHttpServer())
      .get('/mine')
      .set('authorization', 'Basic dXNlcjpwdw==')
      .expect(401);
    expect(wrongScheme.body.code).toBe('auth.token.missing');
  });

  it('lets a verified caller through and tells the handler who it is', async () => {
    const token = await ring.sign(
      { roles: ['requester'], departments: [] },
      { issuer: 'iss', audience: 'aud', subject: 'u-li.na', expiresInSeconds: 60 },
    );
    const res = await request(app.getHttpServer()).get('/mine').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ subject: 'u-li.na', roles: ['requester'] });
  });

  it('refuses a forged token without echoing it', async () => {
    const res = await request(app.getHttpServer())
      .get('/mine')
      .set('authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')
      .expect(401);
    expect(JSON.stringify(res.body)).not.toContain('eyJ');
  });

  it('leaves @Public routes open', async () => {
    await request(app.getHttpServer()).get('/open').expect(200, { ok: true });
  });

  it('lets only callers with one of the required roles through @RequireRoles routes: 403 problem otherwise', async () => {
    const sign = (roles: Principal['roles']) =>
      ring.sign({ roles, departments: [] }, { issuer: 'iss', audience: 'aud', subject: 'u-x', expiresInSeconds: 60 });
    const requester = await request(app.getHttpServer())
      .get('/admin')
      .set('authorization', `Bearer ${await sign(['requester', 'agent'])}`)
      .expect(403);
    expect(requester.headers['content-type']).toContain('application/problem+json');
    expect(requester.body).toMatchObject({ status: 403, code: 'auth.role.forbidden' });
    await request(app.getHttpServer())
      .get('/admin')
      .set('authorization', `Bearer ${await sign(['department-admin'])}`)
      .expect(200, { ok: true });
    await request(app.getHttpServer())
      .get('/admin')
      .set('authorization', `Bearer ${await sign(['platform-admin'])}`)
      .expect(200, { ok: true });
    // Verification comes first: no token is still a 401.
    expect((await request(app.getHttpServer()).get('/admin').expect(401)).body.code).toBe('auth.token.missing');
  });

  describe('API keys (sub = key:<id>) and @RequireScopes', () => {
    const keyToken = (scopes: string[], subject = 'key:0190a1b2-0000-7000-8000-000000000001') =>
      ring.sign(
        { roles: [], departments: [], scopes },
        { issuer: 'iss', audience: 'aud', subject, expiresInSeconds: 60 },
      );
    const userToken = (roles: Principal['roles'], scopes: string[] = []) =>
      ring.sign(
        { roles, departments: [], scopes },
        { issuer: 'iss', audience: 'aud', subject: 'u-x', expiresInSeconds: 60 },
      );
    const call = (method: 'get' | 'post', path: string, token: string) =>
      request(app.getHttpServer())[method](path).set('authorization', `Bearer ${token}`);

    it('lets a key through a route that declares one of its scopes', async () => {
      await call('get', '/offerings', await keyToken(['catalog:read'])).expect(200, { ok: true });
      await call('get', '/incidents', await keyToken(['requests:read', 'incidents:read'])).expect(200, { ok: true });
      // Any one of several declared scopes will do; the method's declaration overrides the class's.
      await call('get', '/incidents/linked', await keyToken(['requests:read'])).expect(200, { ok: true });
    });

    it('refuses a key without the scope: 403 auth.scope.forbidden naming the scope', async () => {
      const res = await call('get', '/offerings', await keyToken(['requests:read'])).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 403, code: 'auth.scope.forbidden', requiredScopes: ['catalog:read'] });
    });

    it('denies keys by default: routes without @RequireScopes, role-only routes', async () => {
      const token = await keyToken([
        'catalog:read',
        'requests:read',
        'requests:write',
        'incidents:read',
        'alerts:write:grafana-a',
      ]);
      for (const path of ['/mine', '/admin']) {
        const res = await call('get', path, token).expect(403);
        expect({ path, code: res.body.code, requiredScopes: res.body.requiredScopes }).toEqual({
          path,
          code: 'auth.scope.forbidden',
          requiredScopes: [],
        });
      }
      // Public routes stay public for everyone.
      await call('get', '/open', token).expect(200);
    });

    it('fills {source} from the route: a key for alert source a cannot post as source b', async () => {
      const token = await keyToken(['alerts:write:grafana-a']);
      await call('post', '/alerts/grafana-a', token).expect(201, { ok: true });
      const other = await call('post', '/alerts/grafana-b', token).expect(403);
      expect(other.body).toMatchObject({ code: 'auth.scope.forbidden', requiredScopes: ['alerts:write:grafana-b'] });
      // A parameter that is no slug resolves to no scope at all.
      const odd = await call('post', '/alerts/grafana-a%3Ax', token).expect(403);
      expect(odd.body).toMatchObject({ code: 'auth.scope.forbidden', requiredScopes: [] });
    });

    it('takes the scope instead of the role for keys; people keep their role checks and ignore scopes', async () => {
      await call('post', '/requests', await keyToken(['requests:write'])).expect(201);
      expect((await call('post', '/requests', await keyToken(['requests:read'])).expect(403)).body.code).toBe(
        'auth.scope.forbidden',
      );
      // A person's token never gets through on scopes, nor is kept out by them.
      expect(
        (await call('post', '/requests', await userToken(['agent'], ['requests:write'])).expect(403)).body.code,
      ).toBe('auth.role.forbidden');
      await call('post', '/requests', await userToken(['platform-admin'])).expect(201);
      await call('get', '/offerings', await userToken(['requester'])).expect(200);
      await call('get', '/mine', await userToken(['requester'])).expect(200);
    });
  });
});
