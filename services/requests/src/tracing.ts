// Imported first by main.ts: tracing must patch http, express and pg before they load.
import { startTracing } from '@itsm/platform/observability';

startTracing({ serviceName: process.env['SERVICE_NAME'] ?? 'requests' });
