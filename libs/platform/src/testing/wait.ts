/** Polls until the check passes; for effects that arrive asynchronously (Kafka, relays). */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until every partition of every topic has a leader: after a broker (re)start it serves nothing before. */
export async function waitForKafkaLeaders(brokers: string[], timeoutMs = 60_000): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'itsm-test-leaders', brokers, logLevel: logLevel.NOTHING }).admin();
  await waitUntil(
    async () => {
      try {
        await admin.connect();
        const { topics } = await admin.fetchTopicMetadata();
        return topics.every((t) => t.partitions.every((p) => p.leader >= 0));
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    timeoutMs,
    'Kafka partition leaders',
  );
}
