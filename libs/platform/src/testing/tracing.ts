import { getMemorySpanExporter, startTracing } from '../observability';

/** Real tracing with an in-memory exporter, so tests can assert that traces continue across hops. */
export function startTestTracing(serviceName: string) {
  startTracing({ serviceName, exporter: 'memory', instrumentations: false });
  return getMemorySpanExporter();
}
