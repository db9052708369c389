import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import {
  contextFromTraceparent,
  currentTraceparent,
  getMemorySpanExporter,
  SpanKind,
  startTracing,
  type TracingHandle,
  withRemoteParent,
  withSpan,
} from './index';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

describe('trace context helpers', () => {
  let tracing: TracingHandle;
  let spans: ReturnType<InMemorySpanExporter['getFinishedSpans']> = [];
  const flush = async () => {
    await tracing.forceFlush();
    spans = getMemorySpanExporter().getFinishedSpans();
  };

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'test', exporter: 'memory', instrumentations: false });
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => getMemorySpanExporter().reset());

  it('has no traceparent outside a span', () => {
    expect(currentTraceparent()).toBeUndefined();
  });

  it('round-trips a traceparent through a remote parent', async () => {
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const inner = withRemoteParent(incoming, 'handle event', () => currentTraceparent(), {
      'messaging.system': 'kafka',
    });

    expect(inner).toMatch(TRACEPARENT);
    expect(inner?.split('-')[1]).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(inner?.split('-')[2]).not.toBe('b7ad6b7169203331');
    await flush();
    const [span] = spans;
    expect(span.name).toBe('handle event');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.attributes['messaging.system']).toBe('kafka');

    // The serialized form parses back to the same span context.
    const parsed = trace.getSpanContext(contextFromTraceparent(inner));
    expect(parsed).toMatchObject({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      traceFlags: 1,
    });
  });

  it('continues a trace across publish and consume (relay → consumer)', async () => {
    const stored = withSpan('POST /requests', SpanKind.SERVER, () => currentTraceparent());
    const header = await withRemoteParent(
      stored,
      'publish',
      async () => currentTraceparent(),
      undefined,
      SpanKind.PRODUCER,
    );
    await withRemoteParent(header, 'consume', async () => undefined);

    await flush();
    const [server, producer, consumer] = spans;
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
  });

  it('starts a new trace when the traceparent is missing or invalid', async () => {
    withRemoteParent(undefined, 'a', () => undefined);
    withRemoteParent('garbage', 'b', () => undefined);
    await flush();
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.parentSpanContext).toBeUndefined();
  });

  it('records exceptions, rethrows them and ends the span (sync and async)', async () => {
    expect(() =>
      withSpan('sync', SpanKind.INTERNAL, () => {
        throw new Error('sync boom');
      }),
    ).toThrow('sync boom');
    await expect(
      withRemoteParent(undefined, 'async', async () => {
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');

    await flush();
    expect(spans.map((s) => [s.name, s.status.code, s.events[0]?.name])).toEqual([
      ['sync', SpanStatusCode.ERROR, 'exception'],
      ['async', SpanStatusCode.ERROR, 'exception'],
    ]);
  });

  it('keeps the span active across awaits and ends it after the promise settles', async () => {
    let endedInside: boolean | undefined;
    const seen = await withSpan('outer', SpanKind.INTERNAL, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      endedInside = span.isRecording() === false;
      return trace.getSpan(context.active()) === span;
    });
    expect(seen).toBe(true);
    expect(endedInside).toBe(false);
    await flush();
    expect(spans.map((s) => s.name)).toEqual(['outer']);
  });

  it('returns the running SDK when started twice', () => {
    expect(startTracing({ serviceName: 'test', exporter: 'memory' })).toBe(tracing);
  });
});

describe('startTracing after shutdown', () => {
  it('collects spans again in a fresh memory exporter', async () => {
    const again = startTracing({ serviceName: 'test', exporter: 'memory', instrumentations: false });
    withSpan('after restart', SpanKind.INTERNAL, () => undefined);
    await again.forceFlush();
    expect(
      getMemorySpanExporter()
        .getFinishedSpans()
        .map((s) => s.name),
    ).toEqual(['after restart']);
    await again.shutdown();
  });
});
