import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig } from '@itsm/platform/config';
import { type TestDatabase, watchApiContract } from '@itsm/platform/testing';
import { type CatalogUnderTest, startCatalog } from '../../../services/catalog/test/catalog-harness';
import { createGatewayApp } from '../../../services/gateway/src/bootstrap';
import { gatewayEnv } from '../../../services/gateway/src/config';

/** Every line the gateway logs, as the process would write it to stdout. */
export class LogCapture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }
  lines(): string[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  }
  entries(): Record<string, unknown>[] {
    return this.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  /** The lines that contain any of `secrets`, by secret (its first characters only): `[]` when nothing leaked. */
  leaks(secrets: Iterable<string>): { secret: string; lines: string[] }[] {
    const lines = this.lines();
    return [...secrets]
      .map((secret) => ({ secret: `${secret.slice(0, 6)}…`, lines: lines.filter((line) => line.includes(secret)) }))
      .filter((leak) => leak.lines.length > 0);
  }
}

export interface RunningGateway {
  app: INestApplication;
  url: string;
  http: ReturnType<typeof request>;
}

/**
 * The gateway on a real port (services fetch its JWKS over HTTP, providers redirect browsers to
 * it), with the demo accounts; the catalog URL points nowhere unless `env` says otherwise.
 */
export async function startGateway(
  db: TestDatabase,
  options: { logs?: LogCapture; env?: Record<string, string>; port?: number } = {},
): Promise<RunningGateway> {
  const config = loadConfig(gatewayEnv, {
    DATABASE_URL: db.url,
    CATALOG_URL: 'http://127.0.0.1:9',
    GATEWAY_DEMO_USERS: 'true',
    LOG_LEVEL: options.logs ? 'debug' : 'silent',
    ...options.env,
  });
  const app = await createGatewayApp(config, { logDestination: options.logs });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const url = watchGateway(app);
  return { app, url, http: request(url) };
}

/** The gateway in front of the real catalog (which verifies the gateway's tokens), both on real ports of 127.0.0.1. */
export async function startGatewayAndCatalog(
  db: TestDatabase,
  env: { gateway?: Record<string, string>; catalog?: Record<string, string> } = {},
): Promise<{ gateway: RunningGateway; catalog: CatalogUnderTest; catalogUrl: string; catalogPort: number }> {
  const catalogPort = await freePort();
  const catalogUrl = `http://127.0.0.1:${catalogPort}`;
  const gateway = await startGateway(db, { env: { CATALOG_URL: catalogUrl, ...env.gateway } });
  const catalog = await startCatalog({ AUTH_JWKS_URL: `${gateway.url}/.well-known/jwks.json`, ...env.catalog });
  await catalog.app.listen(catalogPort, '127.0.0.1');
  return { gateway, catalog, catalogUrl, catalogPort };
}

/**
 * Checks every answer of a listening gateway against its aggregated OpenAPI document, as read at the
 * check. A service's paths stay known once seen, so what it answered before it stopped still counts
 * as documented (its operations document the gateway's 503 and 504 as well). Returns the gateway's URL.
 */
export function watchGateway(app: INestApplication): string {
  const url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  let known: { paths?: object; components?: Record<string, object> } | undefined;
  const read = async () => {
    try {
      const res = await fetch(`${url}/api/openapi.json`);
      if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
      const fresh = (await res.json()) as { paths?: object; components?: Record<string, object> };
      const components: Record<string, object> = { ...known?.components };
      for (const [type, entries] of Object.entries(fresh.components ?? {}))
        components[type] = { ...components[type], ...entries };
      known = { ...fresh, paths: { ...known?.paths, ...fresh.paths }, components };
    } catch (error) {
      // Closed already: what it said last still describes what it answered.
      if (!known) throw error;
    }
    return known;
  };
  // Read once now, so answers given just before it closes can still be checked.
  read().catch(() => undefined);
  watchApiContract(app.getHttpServer() as Server, 'gateway', read);
  return url;
}

/** A port nobody listens on right now, for a server whose URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Rows straight from the gateway's database, past the app. */
export async function queryRows<T>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
