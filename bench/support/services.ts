import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createTestDatabase, TestDatabase, testInfra, uniqueName, waitUntil } from '@itsm/platform/testing';
// A benchmark walks a path across services (gateway in front of requests), as root-level tests do.
// eslint-disable-next-line no-restricted-imports
import { DEMO_PASSWORD } from '../../services/gateway/src/identity/demo-users';
import { sleep } from './bench-stats';

/*
 * The real gateway (demo accounts, its own signing keys) and the real requests service, each as its
 * own Node process as deployed, on databases of their own, against the benchmarks' Postgres and
 * Kafka; the service verifies the gateway's tokens through its JWKS, as in production.
 */

export interface RunningServices {
  gatewayDb: TestDatabase;
  requestsDb: TestDatabase;
  processes: ChildProcess[];
  gatewayUrl: string;
  /** The service itself, past the gateway. */
  requestsUrl: string;
  /** The requests service's consumer group. */
  requestsGroup: string;
}

/** A service as its own Node process (the compiled main.js next to this file), logging to a file. */
function startService(name: string, env: Record<string, string>, logDir: string): ChildProcess {
  const main = join(__dirname, '..', '..', 'services', name, 'src', 'main.js');
  // BENCH_PROFILE_DIR: each service writes a CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', ...profile, main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(logDir, `${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null)
      process.stderr.write(`[bench] ${name} exited with ${code}; see ${join(logDir, `${name}.log`)}\n`);
  });
  return child;
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Starts both on fresh databases and waits until they answer. The gateway's per-person rate limit
 * is raised: a benchmark sends everything as a few people.
 */
export async function startGatewayAndRequests(
  options: { requestsEnv?: Record<string, string> } = {},
): Promise<RunningServices> {
  const { brokers } = testInfra();
  const gatewayDb = await createTestDatabase('bench_gateway');
  const requestsDb = await createTestDatabase('bench_requests');
  const [gatewayPort, requestsPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const requestsUrl = `http://127.0.0.1:${requestsPort}`;
  const requestsGroup = uniqueName('bench-requests');
  const logDir = join(__dirname, '..', 'logs');
  mkdirSync(logDir, { recursive: true });
  const processes = [
    startService(
      'gateway',
      {
        PORT: String(gatewayPort),
        DATABASE_URL: gatewayDb.url,
        CATALOG_URL: 'http://127.0.0.1:9',
        REQUESTS_URL: requestsUrl,
        GATEWAY_DEMO_USERS: 'true',
        RATE_LIMIT_USER_PER_MINUTE: '1000000',
        LOG_LEVEL: 'warn',
      },
      logDir,
    ),
    startService(
      'requests',
      {
        PORT: String(requestsPort),
        DATABASE_URL: requestsDb.url,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_GROUP_ID: requestsGroup,
        AUTH_ISSUER: 'itsm-gateway',
        AUTH_AUDIENCE: 'itsm',
        AUTH_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json`,
        LOG_LEVEL: 'warn',
        ...options.requestsEnv,
      },
      logDir,
    ),
  ];
  const running = { gatewayDb, requestsDb, processes, gatewayUrl, requestsUrl, requestsGroup };
  try {
    await waitUntil(
      async () => (await answers(`${gatewayUrl}/health/live`)) && (await answers(`${requestsUrl}/health/live`)),
      120_000,
      'the gateway and the requests service',
    );
    return running;
  } catch (err) {
    await stopGatewayAndRequests(running);
    throw err;
  }
}

/** Stops both and drops their databases, unless they are kept (to look at them afterwards). */
export async function stopGatewayAndRequests(
  s: Pick<RunningServices, 'processes' | 'gatewayDb' | 'requestsDb'> | undefined,
  keepDatabases = false,
): Promise<void> {
  if (!s) return;
  await Promise.all(s.processes.map(stopService));
  if (keepDatabases) return;
  await s.gatewayDb.drop().catch(() => undefined);
  await s.requestsDb.drop().catch(() => undefined);
}

/** Until the group has committed every catalog topic partition up to its end. */
export async function consumerCaughtUp(brokers: string[], groupId: string): Promise<void> {
  const admin = new Kafka({ clientId: uniqueName('bench-admin'), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith('itsm.catalog.') && !t.endsWith('.dlq'));
    await waitUntil(
      async () => {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
          for (const p of partitions) {
            const end = ends.get(p.partition);
            if (end && Number(end.high) > Math.max(Number(p.offset), Number(end.low))) return false;
          }
        }
        return true;
      },
      600_000,
      'the requests service to read the catalog topics to their end',
    );
  } finally {
    await admin.disconnect();
  }
}

/** A demo account's access token from the gateway. */
export async function signIn(gatewayUrl: string, username: string): Promise<string> {
  const login = await fetch(`${gatewayUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login of ${username} failed: ${login.status} ${await login.text()}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}
