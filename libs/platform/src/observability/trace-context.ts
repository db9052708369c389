import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const TRACER_NAME = 'itsm-platform';
// Used directly rather than through the global propagator, so the helpers work (and tests
// pass) whether or not startTracing has registered one.
const w3c = new W3CTraceContextPropagator();

/** W3C `traceparent` of the active span (`00-<trace id>-<span id>-<flags>`), if there is one. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** Context whose (remote) parent is `traceparent`; the root context if it is missing or invalid. */
export function contextFromTraceparent(traceparent: string | undefined, tracestate?: string): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent };
  if (tracestate) carrier.tracestate = tracestate;
  return w3c.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

/**
 * Runs `fn` in a new span whose parent is `traceparent` (e.g. the one stored on an outbox row or
 * received in a Kafka header) and ends it when `fn` settles; a thrown error is recorded on the
 * span and rethrown. Without a usable traceparent the span starts a new trace.
 * Inside `fn`, `currentTraceparent()` is the new span's, ready to be passed on.
 */
export function withRemoteParent<T>(
  traceparent: string | undefined,
  name: string,
  fn: (span: Span) => T,
  attributes?: Attributes,
  kind: SpanKind = SpanKind.CONSUMER,
): T {
  return runInSpan(contextFromTraceparent(traceparent), name, kind, fn, attributes);
}

/** Runs `fn` in a new child span of the active context and ends it when `fn` settles. */
export function withSpan<T>(name: string, kind: SpanKind, fn: (span: Span) => T, attributes?: Attributes): T {
  return runInSpan(context.active(), name, kind, fn, attributes);
}

function runInSpan<T>(
  parent: Context,
  name: string,
  kind: SpanKind,
  fn: (span: Span) => T,
  attributes?: Attributes,
): T {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(name, { kind, attributes }, parent, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      fail(span, error);
      span.end();
      throw error;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          fail(span, error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export { SpanKind };
