export {
  startTracing,
  getMemorySpanExporter,
  type TracingOptions,
  type TracingHandle,
  type TraceExporterKind,
} from './tracing';
export { currentTraceparent, contextFromTraceparent, withRemoteParent, withSpan, SpanKind } from './trace-context';
export { createLogger, traceFields, isLogLevel, LOG_LEVELS, REDACTED_PATHS } from './logger';
export {
  metricsRegistry,
  getOrCreateMetric,
  ensureDefaultMetrics,
  httpRequestDuration,
  HTTP_DURATION_METRIC,
} from './metrics';
export { HttpMetricsMiddleware } from './http-metrics.middleware';
export { HttpTracingMiddleware } from './http-tracing.middleware';
export { routeOf, isProbePath, UNMATCHED_ROUTE, ALL_ROUTES } from './route-of';
export { MetricsController } from './metrics.controller';
export { requestIdFor, REQUEST_ID_HEADER } from './request-id';
export { ObservabilityModule, type ObservabilityOptions } from './observability.module';
