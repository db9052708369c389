export { testInfra, uniqueName, createTestDatabase } from './infra';
export type { TestInfra, TestDatabase } from './infra';
export { TopicReader } from './topic-reader';
export type { ReadMessage } from './topic-reader';
export { waitUntil, waitForKafkaLeaders } from './wait';
export { startTestTracing } from './tracing';
export { startServiceUnderTest } from './service-under-test';
export type { ServiceUnderTest, StartServiceOptions } from './service-under-test';
