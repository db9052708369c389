export interface HealthOptions {
  /** Readiness fails when this many events wait in the outbox... */
  maxOutboxBacklog: number;
  /** ...or the oldest has waited this long: Kafka is not taking our events. */
  maxOutboxAgeSeconds: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
