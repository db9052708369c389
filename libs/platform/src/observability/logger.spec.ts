import { Writable } from 'node:stream';
import { createLogger, SpanKind, startTracing, type TracingHandle, withSpan } from './index';
import { httpLogSerializers, redactUrl } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('createLogger', () => {
  let tracing: TracingHandle;
  beforeAll(() => {
    tracing = startTracing({ serviceName: 'test', exporter: 'memory', instrumentations: false });
  });
  afterAll(() => tracing.shutdown());

  it('writes JSON with level name, service and ISO time', () => {
    const out = capture();
    createLogger('catalog', 'info', out.stream).info('hello');
    expect(out.lines()[0]).toMatchObject({
      level: 'info',
      service: 'catalog',
      msg: 'hello',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('adds trace_id and span_id inside an active span only', () => {
    const out = capture();
    const logger = createLogger('catalog', 'info', out.stream);
    logger.info('outside');
    const ids = withSpan('work', SpanKind.INTERNAL, (span) => {
      logger.child({ reqId: 'r1' }).info('inside');
      return span.spanContext();
    });

    const [outside, inside] = out.lines();
    expect(outside.trace_id).toBeUndefined();
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, reqId: 'r1' });
    expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('redacts secrets', () => {
    const out = capture();
    createLogger('gateway', 'info', out.stream).info(
      {
        authorization: 'Bearer abc',
        password: 'hunter2',
        apiKey: 'k-1',
        user: { name: 'li', password: 'hunter3', token: 't-1' },
        req: {
          headers: { authorization: 'Bearer def', cookie: 'sid=1', 'x-api-key': 'k-2', accept: 'application/json' },
        },
      },
      'login',
    );
    const line = out.lines()[0];
    const text = JSON.stringify(line);
    for (const secret of ['Bearer abc', 'hunter2', 'hunter3', 'k-1', 't-1', 'Bearer def', 'sid=1', 'k-2']) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({
      authorization: '[REDACTED]',
      user: { name: 'li', password: '[REDACTED]' },
      req: { headers: { 'x-api-key': '[REDACTED]', accept: 'application/json' } },
    });
  });

  it('redacts credentials in logged URLs, queries and redirect targets, keeping other parameters', () => {
    expect(redactUrl('/auth/oidc/callback?code=abc123&state=xyz&iss=https%3A%2F%2Fidp')).toBe(
      '/auth/oidc/callback?code=%5BREDACTED%5D&state=%5BREDACTED%5D&iss=https%3A%2F%2Fidp',
    );
    expect(redactUrl('/offerings?status=published&limit=5')).toBe('/offerings?status=published&limit=5');
    expect(redactUrl('/hook?API_KEY=itsm_x&Signature=s')).not.toMatch(/itsm_x|=s$/);
    const req = httpLogSerializers.req({ url: '/cb?code=secret-code', query: { code: 'secret-code', page: '2' } });
    expect(JSON.stringify(req)).not.toContain('secret-code');
    expect(req.query).toEqual({ code: '[REDACTED]', page: '2' });
    const res = httpLogSerializers.res({
      headers: { location: 'https://idp/authorize?client_id=c&state=s1&code_challenge=x' },
    });
    expect(res.headers!['location']).toBe('https://idp/authorize?client_id=c&state=%5BREDACTED%5D&code_challenge=x');
  });

  it('falls back to info for an unknown level', () => {
    expect(createLogger('x', 'loud').level).toBe('info');
    expect(createLogger('x', 'debug').level).toBe('debug');
  });
});
