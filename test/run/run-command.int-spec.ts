import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase, testInfra } from '@itsm/platform/testing';

const run = promisify(execFile);

/** A port nothing listens on right now, so the test never collides with a running platform. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
const root = join(__dirname, '../..');

/**
 * The README's run command, end to end: build, start the catalog with the demo business and the
 * gateway as separate processes, and answer through the gateway. Uses its own database, ports and
 * run directory so it never touches a platform a developer is running.
 */
describe('./itsm run', () => {
  let db: TestDatabase;
  let gatewayDb: TestDatabase;
  const runDir = mkdtempSync(join(tmpdir(), 'itsm-run-'));
  let gateway: string;
  let ports: { catalog: number; gateway: number };

  beforeAll(async () => {
    db = await createTestDatabase('run');
    gatewayDb = await createTestDatabase('run_gw');
    ports = { catalog: await freePort(), gateway: await freePort() };
    gateway = `http://127.0.0.1:${ports.gateway}`;
  });

  afterAll(async () => {
    for (const pidFile of readdirSync(join(runDir)).filter((f) => f.endsWith('.pid'))) {
      try {
        process.kill(Number(readFileSync(join(runDir, pidFile), 'utf8')), 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    await db?.drop();
    await gatewayDb?.drop();
  });

  it('brings up catalog and gateway with the demo data and the demo accounts', async () => {
    await run('bash', [join(root, 'itsm'), 'run', '--detach'], {
      cwd: root,
      timeout: 240_000,
      env: {
        ...process.env,
        CATALOG_DATABASE_URL: db.url,
        GATEWAY_DATABASE_URL: gatewayDb.url,
        KAFKA_BROKERS: testInfra().brokers.join(','),
        CATALOG_PORT: String(ports.catalog),
        GATEWAY_PORT: String(ports.gateway),
        ITSM_RUN_DIR: runDir,
      },
    });

    const ready = await fetch(`${gateway}/health/ready`);
    expect(ready.status).toBe(200);
    const login = await fetch(`${gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent.wang', password: 'demo-password-2026' }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String) });

    // The catalog trusts the gateway's keys (its JWKS), and nothing else: no token, no offerings.
    const anonymous = await fetch(`${gateway}/api/catalog/offerings`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'auth.token.missing' });
    const admin = await fetch(`${gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'platform.admin', password: 'demo-password-2026' }),
    });
    expect(admin.status).toBe(200);
    const { accessToken } = (await admin.json()) as { accessToken: string };
    const listed = await fetch(`${gateway}/api/catalog/offerings?status=published&limit=200`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(listed.status).toBe(200);
    const offerings = (await listed.json()) as { items: { current: { scenario: string } }[] };
    const scenarios = offerings.items.map((o) => o.current.scenario);
    expect(scenarios).toEqual(expect.arrayContaining(['employee-onboarding', 'store-opening', 'campaign-support', 'partner-onboarding']));
    const docs = await fetch(`${gateway}/api/openapi.json`);
    expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(['/api/catalog/offerings']);
  });
});
