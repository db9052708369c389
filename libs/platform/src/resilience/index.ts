export { backoffDelay, withTimeout, sleep } from './retry';
export type { Backoff } from './retry';
