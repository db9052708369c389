export interface HealthOptions {
  /** The outbox is reported down on `/health/details` when this many events wait... */
  maxOutboxBacklog: number;
  /** ...or the oldest has waited this long: Kafka is not taking our events. */
  maxOutboxAgeSeconds: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
