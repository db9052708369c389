import { z } from 'zod';
import { baseServiceEnv, ConfigError, configOrExit, EX_CONFIG, loadConfig, serviceEnv } from './index';

const valid = {
  SERVICE_NAME: 'catalog',
  PORT: '3101',
  DATABASE_URL: 'postgres://itsm:secret@localhost:5432/catalog',
  KAFKA_BROKERS: 'localhost:9092, kafka-2:9093',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses and coerces the base variables with defaults', () => {
    expect(loadConfig(baseServiceEnv, valid)).toEqual({
      SERVICE_NAME: 'catalog',
      PORT: 3101,
      HOST: '127.0.0.1',
      TRUSTED_PROXIES: [],
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://itsm:secret@localhost:5432/catalog',
      KAFKA_BROKERS: ['localhost:9092', 'kafka-2:9093'],
      KAFKA_REPLICATION_FACTOR: 1,
      HTTP_BODY_LIMIT: '1mb',
      NODE_ENV: 'production',
      AUTH_ISSUER: 'itsm-gateway',
      AUTH_AUDIENCE: 'itsm',
      AUTH_JWKS_URL: 'http://127.0.0.1:8080/.well-known/jwks.json',
    });
  });

  it('names every bad variable and why in one message', () => {
    const error = configError(() =>
      loadConfig(baseServiceEnv, { SERVICE_NAME: 'catalog', PORT: 'abc', KAFKA_BROKERS: 'localhost' }),
    );
    expect(error.message).toBe(
      'Invalid environment: PORT: expected a number from 1 to 65535, got "abc"; ' +
        'DATABASE_URL: required; KAFKA_BROKERS: expected a comma-separated list of host:port, got "localhost"',
    );
    expect(error.issues.map((i) => i.variable)).toEqual(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS']);
  });

  it.each([
    ['PORT', '0', 'expected a number from 1 to 65535'],
    ['PORT', '70000', 'expected a number from 1 to 65535'],
    ['PORT', '80.5', 'expected a number from 1 to 65535'],
    ['LOG_LEVEL', 'verbose', 'expected one of fatal, error, warn, info, debug, trace, silent'],
    ['DATABASE_URL', 'mysql://db/x', 'expected a postgres:// or postgresql:// URL'],
    ['KAFKA_BROKERS', 'a:9092,b', 'expected a comma-separated list of host:port'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'expected an http:// or https:// URL'],
    ['HTTP_BODY_LIMIT', 'lots', 'expected a size like 100kb or 1mb'],
    ['NODE_ENV', 'prod', 'expected one of development, test, production'],
    ['AUTH_JWKS_URL', 'gateway:8080/jwks', 'expected an http:// or https:// URL'],
    [
      'HOST',
      'localhost',
      'expected an IP address to listen on, like 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
    ],
    [
      'HOST',
      '0.0.0.0.0',
      'expected an IP address to listen on, like 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
    ],
    [
      'TRUSTED_PROXIES',
      '10.0.0.0/33',
      'expected a comma-separated list of IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal)',
    ],
    [
      'TRUSTED_PROXIES',
      '127.0.0.1, gateway',
      'expected a comma-separated list of IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal)',
    ],
    ['HTTP_REQUEST_TIMEOUT_MS', '50', 'expected milliseconds from 100 to 3600000'],
    ['HTTP_HEADERS_TIMEOUT_MS', 'soon', 'expected milliseconds from 100 to 600000'],
  ])('rejects %s=%s', (variable, value, problem) => {
    const error = configError(() => loadConfig(baseServiceEnv, { ...valid, [variable]: value }));
    expect(error.issues).toEqual([{ variable, problem: `${problem}, got ${JSON.stringify(value)}` }]);
  });

  it('reads where to listen, whom to trust for X-Forwarded-*, and the request deadlines', () => {
    expect(
      loadConfig(baseServiceEnv, {
        ...valid,
        HOST: '0.0.0.0',
        TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.7 ,loopback,fd00::/8,',
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '5000',
      }),
    ).toMatchObject({
      HOST: '0.0.0.0',
      TRUSTED_PROXIES: ['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8'],
      HTTP_HEADERS_TIMEOUT_MS: 2000,
      HTTP_REQUEST_TIMEOUT_MS: 5000,
    });
    expect(loadConfig(baseServiceEnv, { ...valid, HOST: '::' }).HOST).toBe('::');
  });

  it('never echoes credentials from a bad URL', () => {
    const error = configError(() =>
      loadConfig(baseServiceEnv, { ...valid, DATABASE_URL: 'mysql://root:hunter2@db/x' }),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('"mysql://***@db/x"');
  });

  it('never echoes values of secret-looking variables', () => {
    const schema = z.object({ JWT_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }) });
    const error = configError(() => loadConfig(schema, { JWT_SECRET: 'short' }));
    expect(error.message).toBe('Invalid environment: JWT_SECRET: expected at least 32 characters');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(baseServiceEnv, { ...valid, LOG_LEVEL: '', KAFKA_CLIENT_ID: '' })).toMatchObject({
      LOG_LEVEL: 'info',
    });
    expect(configError(() => loadConfig(baseServiceEnv, { ...valid, PORT: '' })).issues).toEqual([
      { variable: 'PORT', problem: 'required' },
    ]);
  });

  it('supports extension with service defaults and own variables', () => {
    const schema = serviceEnv({ SERVICE_NAME: 'requests', PORT: 3102 }).extend({
      READINESS_REPORT_DAYS: z.coerce.number().int().default(3),
    });
    const { SERVICE_NAME: _n, PORT: _p, ...rest } = valid;
    expect(loadConfig(schema, rest)).toMatchObject({ SERVICE_NAME: 'requests', PORT: 3102, READINESS_REPORT_DAYS: 3 });
    expect(loadConfig(schema, { ...rest, PORT: '4000' }).PORT).toBe(4000);
  });

  it('lets a service drop variables it does not use', () => {
    const schema = serviceEnv({ SERVICE_NAME: 'gateway', PORT: 3000 }).omit({
      DATABASE_URL: true,
      KAFKA_BROKERS: true,
    });
    expect(loadConfig(schema, {})).toMatchObject({ SERVICE_NAME: 'gateway', PORT: 3000 });
  });
});

describe('configOrExit', () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns the config when valid', () => {
    expect(configOrExit(baseServiceEnv, valid).PORT).toBe(3101);
  });

  it('logs one JSON line to stderr and exits with EX_CONFIG', () => {
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exit = jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });

    expect(() => configOrExit(baseServiceEnv, { ...valid, PORT: 'abc' })).toThrow('exit 78');
    expect(exit).toHaveBeenCalledWith(EX_CONFIG);
    expect(written).toHaveLength(1);
    expect(written[0].endsWith('\n')).toBe(true);
    const line = JSON.parse(written[0]);
    expect(line).toMatchObject({
      level: 'fatal',
      service: 'catalog',
      msg: 'Invalid environment: PORT: expected a number from 1 to 65535, got "abc"',
      issues: [{ variable: 'PORT', problem: 'expected a number from 1 to 65535, got "abc"' }],
    });
  });
});
