import { createRequire } from 'node:module';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  NoopSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { isProbePath } from './route-of';

export type TraceExporterKind = 'otlp' | 'console' | 'memory' | 'none';

export interface TracingOptions {
  serviceName: string;
  /** Default: 'otlp' when OTEL_EXPORTER_OTLP_ENDPOINT is set, else 'none'. */
  exporter?: TraceExporterKind;
  /** OTLP base URL (the exporter appends /v1/traces); default OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpEndpoint?: string;
  /** http, express and pg auto-instrumentation; default true. */
  instrumentations?: boolean;
  env?: Record<string, string | undefined>;
}

export interface TracingHandle {
  readonly exporter: TraceExporterKind;
  /** Waits until ended spans have reached the exporter (span export is asynchronous). */
  forceFlush(): Promise<void>;
  /** Flushes and stops the SDK; call on shutdown so the last spans are exported. */
  shutdown(): Promise<void>;
}

let started: TracingHandle | undefined;
let memoryExporter: InMemorySpanExporter | undefined;

/** Spans collected when tracing runs with `exporter: 'memory'` (tests asserting trace continuity). */
export function getMemorySpanExporter(): InMemorySpanExporter {
  memoryExporter ??= new InMemorySpanExporter();
  return memoryExporter;
}

/**
 * Starts the OpenTelemetry SDK. Call it first in main.ts, before Nest, express or pg are
 * loaded, so their instrumentation can patch them. Calling it again returns the running SDK.
 * With exporter 'none' spans are still created (trace ids reach logs, outbox rows and Kafka
 * headers) but record nothing, unless the caller's trace is sampled; nothing is exported.
 */
export function startTracing(options: TracingOptions): TracingHandle {
  if (started) {
    if (options.exporter && options.exporter !== started.exporter) {
      diag.warn(`tracing already started with exporter '${started.exporter}', ignoring '${options.exporter}'`);
    }
    return started;
  }
  const env = options.env ?? process.env;
  const endpoint = options.otlpEndpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporter = options.exporter ?? (endpoint ? 'otlp' : 'none');

  const processor = spanProcessor(exporter, endpoint);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors: [processor],
    // Without an exporter nothing would read what a span records: spans carry ids only (trace ids
    // still reach logs, outbox rows and Kafka headers), unless the caller's trace is sampled.
    ...(exporter === 'none' ? { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) } : {}),
    instrumentations: options.instrumentations === false ? [] : instrumentations(exporter),
    // Metrics go through prom-client and logs through pino; without these the SDK would
    // set up OTLP metric and log exporters from its defaults.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  if (options.instrumentations !== false) preloadForInstrumentation();

  const handle: TracingHandle = {
    exporter,
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => {
      if (started === handle) started = undefined;
      await sdk.shutdown();
      // The API refuses to replace registered globals, so unregister them and let a later
      // startTracing (next test suite in the same process) install fresh ones; a shut-down
      // memory exporter drops everything, so that gets replaced too.
      trace.disable();
      context.disable();
      propagation.disable();
      if (exporter === 'memory') memoryExporter = undefined;
    },
  };
  started = handle;
  return handle;
}

function spanProcessor(exporter: TraceExporterKind, endpoint: string | undefined): SpanProcessor {
  switch (exporter) {
    case 'otlp':
      if (!endpoint) throw new Error("tracing exporter 'otlp' needs OTEL_EXPORTER_OTLP_ENDPOINT");
      return new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
      });
    case 'console':
      return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    case 'memory':
      return new SimpleSpanProcessor({ exporter: getMemorySpanExporter() });
    case 'none':
      return new NoopSpanProcessor();
  }
}

type Instrumentations = NonNullable<ConstructorParameters<typeof NodeSDK>[0]>['instrumentations'];

function instrumentations(exporter: TraceExporterKind): Instrumentations {
  const list: Instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => isProbePath(req.url),
    }),
    // Wanted for naming the server span by route (`GET /offerings/:id`); its per-layer spans
    // would add half a dozen empty spans per request (Nest mounts each middleware as a route).
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.REQUEST_HANDLER] }),
  ];
  // Query spans only when spans go somewhere: without an exporter the HTTP and consumer spans still
  // carry the trace into logs and events, and a span per query would only cost time.
  // Pollers (outbox relay, timers) query constantly; only trace queries inside a traced operation.
  if (exporter !== 'none') list.push(new PgInstrumentation({ requireParentSpan: true }));
  return list;
}

/**
 * Nest 12 is ESM and imports express with `import`, which the instrumentation's require hook
 * never sees, so express would stay unpatched. Requiring it once here patches the module object
 * that the ESM import shares, before any app is created.
 */
function preloadForInstrumentation(): void {
  const load = createRequire(__filename);
  try {
    load('express');
  } catch {
    // Not installed in this process: nothing to instrument.
  }
}
