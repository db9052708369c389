import { collectDefaultMetrics, Histogram, type Metric, Registry } from 'prom-client';

/**
 * The process's one registry. Other concerns register their metrics here (outbox backlog,
 * consumer lag, dead letters...) through `getOrCreateMetric`, so importing a module twice in
 * tests never registers a name twice.
 */
export const metricsRegistry = new Registry();

export function getOrCreateMetric<T extends Metric>(name: string, create: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
}

const DEFAULT_METRICS_PROBE = 'process_cpu_user_seconds_total';

/** Process metrics (CPU, memory, event loop, GC) and a `service` label on every series. */
export function ensureDefaultMetrics(serviceName: string): void {
  metricsRegistry.setDefaultLabels({ service: serviceName });
  if (!metricsRegistry.getSingleMetric(DEFAULT_METRICS_PROBE)) collectDefaultMetrics({ register: metricsRegistry });
}

export const HTTP_DURATION_METRIC = 'http_server_request_duration_seconds';

/** Latency per method, matched route pattern (never the raw URL, to bound cardinality) and status. */
export function httpRequestDuration(): Histogram<'method' | 'route' | 'status'> {
  return getOrCreateMetric(
    HTTP_DURATION_METRIC,
    () =>
      new Histogram({
        name: HTTP_DURATION_METRIC,
        help: 'Duration of HTTP requests served, by method, route pattern and status code',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [metricsRegistry],
      }),
  );
}
