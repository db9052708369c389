import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent, startTracing, type TracingHandle } from './index';

describe('tracing without an exporter', () => {
  let tracing: TracingHandle;

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'test', exporter: 'none', instrumentations: false });
  });
  afterAll(() => tracing.shutdown());

  it('gives spans the ids that logs and events carry, but records nothing', () => {
    const span = trace.getTracer('test').startSpan('work');
    expect(span.isRecording()).toBe(false);
    expect(isSpanContextValid(span.spanContext())).toBe(true);
    expect(currentTraceparent(trace.setSpan(context.active(), span))).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-00`,
    );
    span.end();
  });

  it("records when the caller's trace is sampled, continuing it", () => {
    const parent = contextFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const span = trace.getTracer('test').startSpan('work', {}, parent);
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    span.end();
  });
});
