// Imported first by main.ts: tracing must patch http and express before they load, so the
// proxied request carries the gateway's span as the parent in its `traceparent`.
import { startTracing } from '@itsm/platform/observability';

startTracing({ serviceName: process.env['SERVICE_NAME'] ?? 'gateway' });
