export { testInfra, uniqueName, createTestDatabase } from './infra';
export type { TestInfra, TestDatabase } from './infra';
export { TopicReader } from './topic-reader';
export type { ReadMessage } from './topic-reader';
export { waitUntil } from './wait';
export { startTestTracing } from './tracing';
