import 'reflect-metadata';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemExceptionFilter } from '../errors';
import { AuthGuard, CurrentPrincipal, Public, RequireRoles } from './auth.guard';
import { Principal } from './principal';
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
}

describe('AuthGuard', () => {
  let app: INestApplication;
  let ring: SigningKeyRing;

  beforeAll(async () => {
    ring = await SigningKeyRing.generate();
    @Module({
      controllers: [ProbeController],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier({ issuer: 'iss', audience: 'aud', jwks: () => ring.jwks() }) },
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
    const wrongScheme = await request(app.getHttpServer()).get('/mine').set('authorization', 'Basic dXNlcjpwdw==').expect(401);
    expect(wrongScheme.body.code).toBe('auth.token.missing');
  });

  it('lets a verified caller through and tells the handler who it is', async () => {
    const token = await ring.sign({ roles: ['requester'], departments: [] }, { issuer: 'iss', audience: 'aud', subject: 'u-li.na', expiresInSeconds: 60 });
    const res = await request(app.getHttpServer()).get('/mine').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ subject: 'u-li.na', roles: ['requester'] });
  });

  it('refuses a forged token without echoing it', async () => {
    const res = await request(app.getHttpServer()).get('/mine').set('authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.').expect(401);
    expect(JSON.stringify(res.body)).not.toContain('eyJ');
  });

  it('leaves @Public routes open', async () => {
    await request(app.getHttpServer()).get('/open').expect(200, { ok: true });
  });

  it('lets only callers with one of the required roles through @RequireRoles routes: 403 problem otherwise', async () => {
    const sign = (roles: Principal['roles']) => ring.sign({ roles, departments: [] }, { issuer: 'iss', audience: 'aud', subject: 'u-x', expiresInSeconds: 60 });
    const requester = await request(app.getHttpServer()).get('/admin').set('authorization', `Bearer ${await sign(['requester', 'agent'])}`).expect(403);
    expect(requester.headers['content-type']).toContain('application/problem+json');
    expect(requester.body).toMatchObject({ status: 403, code: 'auth.role.forbidden' });
    await request(app.getHttpServer()).get('/admin').set('authorization', `Bearer ${await sign(['department-admin'])}`).expect(200, { ok: true });
    await request(app.getHttpServer()).get('/admin').set('authorization', `Bearer ${await sign(['platform-admin'])}`).expect(200, { ok: true });
    // Verification comes first: no token is still a 401.
    expect((await request(app.getHttpServer()).get('/admin').expect(401)).body.code).toBe('auth.token.missing');
  });
});
