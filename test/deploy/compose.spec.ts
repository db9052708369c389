import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DCLinter } from 'dclint';
import { parse } from 'yaml';

// docker-compose.yml, the image recipe and the Postgres init script, checked offline: Docker is
// not needed, and a service added under services/ without its deployment entry fails here.

const ROOT = join(__dirname, '..', '..');
const COMPOSE_PATH = join(ROOT, 'docker-compose.yml');
const DOCKERFILE_PATH = join(ROOT, 'deploy', 'docker', 'Dockerfile');
const INIT_SQL_PATH = join(ROOT, 'deploy', 'docker', 'postgres-init.sql');
const INFRASTRUCTURE = ['kafka', 'postgres'];
/** Services of the design (DESIGN.md §2) whose databases exist before their code does. */
const PLANNED_SERVICES = ['catalog', 'requests', 'incidents', 'changes', 'sla', 'analytics', 'gateway'];

type Environment = Record<string, string | number | boolean | null>;

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  depends_on?: Record<string, { condition?: string }> | string[];
  volumes?: string[];
  environment?: Environment;
  ports?: string[];
  networks?: Record<string, { ipv4_address?: string } | null> | string[];
  network_mode?: string;
  restart?: string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
}

/** dclint's result shape (its bundled .d.ts files do not resolve under `nodenext`). */
interface LintResult {
  errorCount: number;
  messages: { rule: string; type: 'error' | 'warning'; message: string; line: number; column: number }[];
}

interface ComposeFile {
  name?: string;
  version?: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>;
  volumes?: Record<string, unknown>;
}

/** Directory names under services/: each is a deployable service. */
function serviceDirectories(): string[] {
  const dir = join(ROOT, 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function loadCompose(): ComposeFile {
  return parse(readFileSync(COMPOSE_PATH, 'utf8')) as ComposeFile;
}

/** Services built from this repository, plus every service directory (even if compose forgot it). */
function appServiceNames(compose: ComposeFile): string[] {
  const built = Object.entries(compose.services)
    .filter(([, service]) => service.build !== undefined)
    .map(([name]) => name);
  return [...new Set([...built, ...serviceDirectories()])].sort();
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function createdDatabases(sql: string): string[] {
  return [...sql.matchAll(/^\s*CREATE\s+DATABASE\s+"?([a-z0-9_]+)"?/gim)].map((match) => match[1]);
}

/** The databases the init script creates: every service's own, and only once each. */
function expectedDatabases(services: string[]): string[] {
  return [...new Set([...PLANNED_SERVICES, ...services])].map((service) => `itsm_${service.replace(/-/g, '_')}`);
}

const compose = loadCompose();
const appServices = appServiceNames(compose);

describe('docker-compose.yml', () => {
  it('passes dclint (Compose schema and best-practice rules) with no errors or warnings', () => {
    // Same defaults as the CLI without a config file: every rule on at its own level.
    const linter = new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] });
    const results: LintResult[] = linter.lintFiles([COMPOSE_PATH], false);

    expect(results).toHaveLength(1);
    const problems = results[0].messages.map((m) => `${m.line}:${m.column} ${m.type} ${m.rule}: ${m.message}`);
    expect(problems).toEqual([]);
    expect(results[0].errorCount).toBe(0);
  });

  it('follows the Compose Specification: a project name and no version key', () => {
    expect(compose.version).toBeUndefined();
    expect(compose.name).toBe('itsm');
  });

  it('runs Kafka, Postgres and every service directory under services/', () => {
    const declared = Object.keys(compose.services);
    expect(declared).toEqual(expect.arrayContaining([...INFRASTRUCTURE, ...serviceDirectories()]));
    expect(appServices.length).toBeGreaterThan(0);
  });

  it('declares every named volume it mounts', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const mount of service.volumes ?? []) {
        const source = mount.split(':')[0];
        if (source.startsWith('.') || source.startsWith('/')) continue;
        expect({
          service: name,
          volume: source,
          declared: Object.keys(compose.volumes ?? {}).includes(source),
        }).toEqual({
          service: name,
          volume: source,
          declared: true,
        });
      }
    }
  });

  describe.each(appServices)('service %s', (name) => {
    const service = (): ComposeService => {
      const found = compose.services[name];
      if (!found) throw new Error(`docker-compose.yml has no service "${name}" (services/${name} exists)`);
      return found;
    };
    const environment = (): Environment => service().environment ?? {};

    it('is built from the shared Dockerfile with SERVICE set to its own name', () => {
      expect(service().build).toEqual({
        context: '.',
        dockerfile: 'deploy/docker/Dockerfile',
        args: { SERVICE: name },
      });
    });

    it('has a readiness healthcheck on /health/ready at its own PORT', () => {
      const healthcheck = service().healthcheck;
      expect(healthcheck?.disable).not.toBe(true);
      const test = healthcheck?.test;
      expect(Array.isArray(test)).toBe(true);
      const command = healthcheckCommand(service());
      expect(command).toContain('/health/ready');
      expect(command).toContain('process.env.PORT');
      expect(String(environment().PORT)).toMatch(/^\d+$/);
      // The slim image has no curl: the check is a node one-liner that must at least compile.
      if (Array.isArray(test) && test[1] === 'node' && test[2] === '-e') {
        expect(() => new Function(test[3])).not.toThrow();
      }
    });

    it('starts only after Kafka and Postgres are healthy, and restarts', () => {
      const dependsOn = service().depends_on;
      expect(Array.isArray(dependsOn)).toBe(false);
      for (const dependency of INFRASTRUCTURE) {
        expect((dependsOn as Record<string, { condition?: string }>)[dependency]).toEqual({
          condition: 'service_healthy',
        });
      }
      expect(service().restart).toMatch(/^(always|unless-stopped|on-failure)/);
    });

    it('reads the environment the services expect', () => {
      const env = environment();
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
      expect(env.LOG_LEVEL).toBeDefined();
      expect(Object.keys(env)).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    });

    it('listens on every interface inside its container (HOST 0.0.0.0): the network, not the address, keeps it private', () => {
      expect(environment().HOST).toBe('0.0.0.0');
      expect(service().network_mode).toBeUndefined();
    });

    it('uses its own database', () => {
      const url = environment().DATABASE_URL;
      expect(String(url)).toMatch(new RegExp(`^postgres(ql)?://[^@]+@postgres:5432/itsm_${name.replace(/-/g, '_')}$`));
    });
  });

  it('routes the gateway to every other service through <SERVICE>_URL', () => {
    const gateway = compose.services.gateway;
    expect(gateway).toBeDefined();
    const env = gateway.environment ?? {};
    for (const name of appServices.filter((service) => service !== 'gateway')) {
      const port = compose.services[name]?.environment?.PORT;
      const variable = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
      expect({ variable, value: env[variable] }).toEqual({ variable, value: `http://${name}:${String(port)}` });
    }
  });

  it("publishes only the gateway, on port 8080 of the host's loopback", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ service: name, networkMode: service.network_mode }).toEqual({ service: name, networkMode: undefined });
      if (name === 'gateway') continue;
      expect({ service: name, ports: service.ports ?? [] }).toEqual({ service: name, ports: [] });
    }
    expect(compose.services.gateway.ports).toHaveLength(1);
    expect(compose.services.gateway.ports?.[0]).toMatch(/^127\.0\.0\.1:.*:8080$/);
  });

  it("has the services believe X-Forwarded-For from the gateway's fixed address only, and the gateway nobody's unless told", () => {
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    const networks = compose.services.gateway.networks as Record<string, { ipv4_address?: string }> | undefined;
    const gatewayAddress = networks?.default?.ipv4_address;
    expect(gatewayAddress?.startsWith(String(subnet).replace(/0\/24$/, ''))).toBe(true);
    for (const name of appServices.filter((service) => service !== 'gateway')) {
      expect({ service: name, trusted: compose.services[name]?.environment?.TRUSTED_PROXIES }).toEqual({
        service: name,
        trusted: gatewayAddress,
      });
    }
    expect(compose.services.gateway.environment?.TRUSTED_PROXIES).toBe('${GATEWAY_TRUSTED_PROXIES:-}');
  });

  it('creates the demo accounts (published password) only when asked for', () => {
    expect(compose.services.gateway.environment?.GATEWAY_DEMO_USERS).toBe('${GATEWAY_DEMO_USERS:-false}');
  });

  it('catalog loads demo data', () => {
    expect(String(compose.services.catalog?.environment?.DEMO_DATA)).toBe('true');
  });

  describe('kafka', () => {
    const kafka = compose.services.kafka;
    const env = kafka.environment ?? {};

    it('is a single-node KRaft broker from apache/kafka 4.1.0', () => {
      expect(kafka.image).toBe('apache/kafka:4.1.0');
      expect(env).toMatchObject({ KAFKA_NODE_ID: 1, KAFKA_PROCESS_ROLES: 'broker,controller' });
      expect(String(env.KAFKA_CONTROLLER_QUORUM_VOTERS)).toMatch(/^1@[\w.-]+:\d+$/);
      expect(String(env.KAFKA_LISTENERS)).toContain('CONTROLLER://');
      expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toBe('PLAINTEXT://kafka:9092');
      expect(env.CLUSTER_ID).toBeDefined();
    });

    it('uses replication factor 1 and never auto-creates topics', () => {
      for (const key of [
        'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
        'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
        'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
      ]) {
        expect({ key, value: String(env[key]) }).toEqual({ key, value: '1' });
      }
      expect(String(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
    });

    it('keeps its data in a named volume and reports health through the broker API', () => {
      expect(kafka.volumes).toContain(`kafka-data:${String(env.KAFKA_LOG_DIRS)}`);
      expect(healthcheckCommand(kafka)).toContain(
        '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092',
      );
    });
  });

  describe('postgres', () => {
    const postgres = compose.services.postgres;

    it('is PostgreSQL 15 with a named data volume and a pg_isready healthcheck', () => {
      expect(postgres.image).toBe('postgres:15');
      expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
      expect(healthcheckCommand(postgres)).toContain('pg_isready');
    });

    it('mounts the init script that creates the databases', () => {
      expect(postgres.volumes).toContainEqual(
        expect.stringMatching(
          /^\.\/deploy\/docker\/postgres-init\.sql:\/docker-entrypoint-initdb\.d\/[\w-]+\.sql(:ro)?$/,
        ),
      );
    });

    it('uses the credentials the services connect with', () => {
      const env = postgres.environment ?? {};
      for (const name of appServices) {
        const url = compose.services[name]?.environment?.DATABASE_URL;
        if (url === undefined) continue;
        expect(String(url)).toContain(`://${String(env.POSTGRES_USER)}:${String(env.POSTGRES_PASSWORD)}@`);
      }
    });
  });
});

describe('deploy/docker/postgres-init.sql', () => {
  const databases = createdDatabases(readFileSync(INIT_SQL_PATH, 'utf8'));

  it('creates one database per service, each once', () => {
    expect(databases).toEqual(expect.arrayContaining(expectedDatabases(appServices)));
    expect(new Set(databases).size).toBe(databases.length);
  });
});

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = readFileSync(DOCKERFILE_PATH, 'utf8');
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const froms = instructions.filter((line) => /^FROM\s/i.test(line));
  const finalStage = instructions.slice(instructions.lastIndexOf(froms[froms.length - 1]));

  it('builds with the full node:24 image and runs on node:24-slim', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms.some((line) => /^FROM node:24 AS build$/i.test(line))).toBe(true);
    expect(froms[froms.length - 1]).toMatch(/^FROM node:24-slim\b/i);
  });

  it('installs from the lock file, builds with scripts/build and ships production dependencies only', () => {
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN .*npm install --no-audit\b/));
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN .*bash scripts\/build\b/));
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN .*npm install .*--omit=dev\b/));
  });

  it('runs the SERVICE build argument as a non-root user', () => {
    expect(finalStage).toContainEqual(expect.stringMatching(/^ARG SERVICE\b/));
    const users = finalStage.filter((line) => /^USER\s/i.test(line));
    expect(users).toHaveLength(1);
    // Numeric, so Kubernetes can verify runAsNonRoot.
    expect(users[0]).toMatch(/^USER [1-9]\d*(:\d+)?$/);
    const start = finalStage.filter((line) => /^(ENTRYPOINT|CMD)\s/i.test(line)).join(' ');
    expect(start).toContain('dist/services/${SERVICE}/src/main.js');
    expect(start).toContain('exec node');
  });
});
