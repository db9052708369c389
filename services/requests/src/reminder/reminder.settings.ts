/** The poller's configuration (REMINDER_POLL_MS, REMINDER_BATCH_SIZE) and the service's own actor id. */
export class ReminderSettings {
  constructor(
    readonly pollMs: number,
    readonly batchSize: number,
    /** `service:<name>`: who fires reminders, in events, audit records and the timeline. */
    readonly actor: string,
  ) {}
}
