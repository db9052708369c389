import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { createTestDatabase, TestDatabase, testInfra, uniqueName } from './infra';
import { startTestTracing } from './tracing';
import { TestIssuer } from './test-issuer';
import { AuditLedger } from './audit-ledger';
import { watchApiContract } from './api-contract-watch';
import { serviceOpenApiDocument } from '../service/create-service-app';
import { DataSource } from 'typeorm';

type Http = ReturnType<typeof request>;

export interface ServiceUnderTest {
  app: INestApplication;
  db: TestDatabase;
  /** supertest against the app's HTTP server (no port needed), every request as a platform admin. */
  http: Http;
  /** supertest without any token: for tests of what callers without one get. */
  anonymous: Http;
  /** The token issuer the service trusts (its AUTH_JWKS_URL): mint tokens with other roles here. */
  issuer: TestIssuer;
  /** The platform admin's access token `http` sends. */
  adminToken: string;
  /** What the service changed, checked against its audit trail when the service closes. */
  auditLedger: AuditLedger;
  /** Stops the service; first fails if a change went unaudited (see AuditLedger). */
  close(): Promise<void>;
}

export interface StartServiceOptions<C> {
  name: string;
  configSchema: z.ZodType<C>;
  createApp: (config: C) => Promise<INestApplication>;
  /** Extra or overriding environment, e.g. `{ DEMO_DATA: 'true' }`. */
  env?: Record<string, string>;
}

/**
 * Boots a service the way main.ts does, against the real Postgres and Kafka: a fresh database,
 * a consumer group unique to this run, tracing into memory, quiet logs, and a token issuer of its
 * own whose JWKS the service fetches over HTTP, as it would the gateway's.
 */
export async function startServiceUnderTest<C>(options: StartServiceOptions<C>): Promise<ServiceUnderTest> {
  startTestTracing(options.name);
  const db = await createTestDatabase(options.name);
  const issuer = await TestIssuer.start();
  const config = options.configSchema.parse({
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    AUTH_JWKS_URL: issuer.jwksUrl,
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testInfra().brokers.join(','),
    KAFKA_GROUP_ID: uniqueName(options.name),
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const app = await options.createApp(config);
  await app.init();
  // Long-lived, so slow suites never see it expire.
  const adminToken = await issuer.tokenFor({
    subject: 'u-platform.admin',
    roles: ['platform-admin'],
    expiresInSeconds: 24 * 60 * 60,
  });
  const anonymous = request(app.getHttpServer());
  // The service's own document, as built at start (asking for it over HTTP would make supertest listen).
  const document = JSON.parse(JSON.stringify(serviceOpenApiDocument(app) ?? null)) as unknown;
  watchApiContract(app.getHttpServer(), options.name, () => Promise.resolve(document));
  const auditLedger = await AuditLedger.attach(app.getHttpServer(), app.get(DataSource)).catch(
    async (error: unknown) => {
      await app.close();
      throw error;
    },
  );
  return {
    app,
    db,
    http: withAuthorization(anonymous, `Bearer ${adminToken}`),
    anonymous,
    issuer,
    adminToken,
    auditLedger,
    async close() {
      let problems: string[];
      try {
        problems = await auditLedger.discrepancies();
      } finally {
        await app.close();
        await issuer.close();
        await db.drop();
      }
      if (problems.length)
        throw new Error(`The audit trail does not match the changes made:\n  ${problems.join('\n  ')}`);
    },
  };
}

/** The same supertest surface, with the Authorization header set on every request (a test may still override it). */
export function withAuthorization(http: Http, authorization: string): Http {
  return new Proxy(http, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof request.Test ? result.set('authorization', authorization) : result;
      };
    },
  });
}
