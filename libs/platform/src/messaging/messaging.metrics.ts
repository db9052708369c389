import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { metricsRegistry } from '../observability';

function register<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

const r = metricsRegistry;

export const messagingMetrics = {
  backlog: register(
    r,
    'itsm_outbox_backlog',
    () => new Gauge({ name: 'itsm_outbox_backlog', help: 'Outbox rows not yet published to Kafka', registers: [r] }),
  ),
  oldestAge: register(
    r,
    'itsm_outbox_oldest_age_seconds',
    () =>
      new Gauge({
        name: 'itsm_outbox_oldest_age_seconds',
        help: 'Age of the oldest unpublished outbox row',
        registers: [r],
      }),
  ),
  published: register(
    r,
    'itsm_outbox_published_total',
    () =>
      new Counter({
        name: 'itsm_outbox_published_total',
        help: 'Events published by the outbox relay',
        registers: [r],
      }),
  ),
  relayLatency: register(
    r,
    'itsm_outbox_commit_to_publish_seconds',
    () =>
      new Histogram({
        name: 'itsm_outbox_commit_to_publish_seconds',
        help: 'Time from outbox insert to broker acknowledgement',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
        registers: [r],
      }),
  ),
  parked: register(
    r,
    'itsm_outbox_parked_total',
    () =>
      new Counter({
        name: 'itsm_outbox_parked_total',
        help: 'Events too large for Kafka, moved to outbox_event_parked',
        labelNames: ['topic'],
        registers: [r],
      }),
  ),
  consumerLag: register(
    r,
    'itsm_consumer_lag',
    () =>
      new Gauge({
        name: 'itsm_consumer_lag',
        help: 'Messages behind the partition end',
        labelNames: ['group', 'topic', 'partition'],
        registers: [r],
      }),
  ),
  consumed: register(
    r,
    'itsm_consumer_events_total',
    () =>
      new Counter({
        name: 'itsm_consumer_events_total',
        help: 'Events handled by consumers',
        labelNames: ['consumer', 'type', 'outcome'],
        registers: [r],
      }),
  ),
  deadLettered: register(
    r,
    'itsm_dead_letter_total',
    () =>
      new Counter({
        name: 'itsm_dead_letter_total',
        help: 'Events sent to a dead-letter topic',
        labelNames: ['consumer', 'topic'],
        registers: [r],
      }),
  ),
};
