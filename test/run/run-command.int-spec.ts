import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase, testInfra, uniqueName } from '@itsm/platform/testing';

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
  let requestsDb: TestDatabase;
  const runDir = mkdtempSync(join(tmpdir(), 'itsm-run-'));
  let gateway: string;
  let ports: { catalog: number; requests: number; gateway: number };

  beforeAll(async () => {
    db = await createTestDatabase('run');
    gatewayDb = await createTestDatabase('run_gw');
    requestsDb = await createTestDatabase('run_rq');
    ports = { catalog: await freePort(), requests: await freePort(), gateway: await freePort() };
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
    await requestsDb?.drop();
  });

  it('brings up catalog and gateway with the demo data and the demo accounts', async () => {
    await run('bash', [join(root, 'itsm'), 'run', '--detach'], {
      cwd: root,
      timeout: 240_000,
      env: {
        ...process.env,
        CATALOG_DATABASE_URL: db.url,
        GATEWAY_DATABASE_URL: gatewayDb.url,
        REQUESTS_DATABASE_URL: requestsDb.url,
        REQUESTS_PORT: String(ports.requests),
        // A group of its own: the requests service reads the catalog's events from the beginning.
        KAFKA_GROUP_ID: uniqueName('run'),
        KAFKA_BROKERS: testInfra().brokers.join(','),
        CATALOG_PORT: String(ports.catalog),
        GATEWAY_PORT: String(ports.gateway),
        ITSM_RUN_DIR: runDir,
      },
    });

    const ready = await fetch(`${gateway}/health/ready`);
    expect(ready.status).toBe(200);
    // Every process listens on loopback only (HOST unset): the network reaches none of them, so
    // nobody signs in to the demo accounts from elsewhere or skips the gateway's rate limits.
    for (const [name, port] of Object.entries(ports)) {
      const listening = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[3]);
      expect({ name, listening }).toEqual({ name, listening: [`127.0.0.1:${port}`] });
    }
    const login = await fetch(`${gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent.wang', password: 'demo-password-2026' }),
    });
    expect(login.status).toBe(200);
    const agent = (await login.json()) as { accessToken: string; refreshToken: string };
    expect(agent).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const secrets = ['demo-password-2026', agent.accessToken, agent.refreshToken];

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
    const { accessToken, refreshToken } = (await admin.json()) as { accessToken: string; refreshToken: string };
    secrets.push(accessToken, refreshToken);
    const listed = await fetch(`${gateway}/api/catalog/offerings?status=published&limit=200`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(listed.status).toBe(200);
    const offerings = (await listed.json()) as { items: { current: { scenario: string } }[] };
    const scenarios = offerings.items.map((o) => o.current.scenario);
    expect(scenarios).toEqual(
      expect.arrayContaining(['employee-onboarding', 'store-opening', 'campaign-support', 'partner-onboarding']),
    );
    // The requests service is behind the gateway too, verifying the same tokens.
    const requests = await fetch(`${gateway}/api/requests/requests`, {
      headers: { authorization: `Bearer ${agent.accessToken}` },
    });
    expect(requests.status).toBe(200);

    // An integration key, shown once, reads the catalog through the gateway.
    const created = await fetch(`${gateway}/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'Run-command smoke test', scopes: ['catalog:read'], hmac: true }),
    });
    expect(created.status).toBe(201);
    const { key, signingSecret } = (await created.json()) as { key: string; signingSecret: string };
    secrets.push(key.split('_').slice(2).join('_'), signingSecret);
    const byKey = await fetch(`${gateway}/api/catalog/offerings?limit=1`, { headers: { 'x-api-key': key } });
    expect(byKey.status).toBe(200);

    // No password, token or key in any log line of any process.
    await new Promise((r) => setTimeout(r, 500));
    const logDir = join(runDir, 'logs');
    for (const file of readdirSync(logDir)) {
      const text = readFileSync(join(logDir, file), 'utf8');
      expect(text.length).toBeGreaterThan(0);
      for (const secret of secrets) expect({ file, leaked: text.includes(secret) }).toEqual({ file, leaked: false });
    }
    const docs = await fetch(`${gateway}/api/openapi.json`);
    expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty([
      '/api/catalog/offerings',
    ]);
  });
});
