import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across worker threads. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles in milliseconds. */
export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], mean };
}

export function rate(events: number, ms: number): number {
  return ms > 0 ? (events * 1000) / ms : NaN;
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function fmtMs(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n < 10 ? n.toFixed(1) : Math.round(n).toString();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `fire(i)` for i = 0..count-1 at an average of `perSecond`, open loop: a slow event does not
 * delay the next one, so queueing shows up as latency instead of a lower rate.
 */
export async function paced(
  perSecond: number,
  count: number,
  fire: (i: number, scheduledAt: number) => void,
): Promise<void> {
  const start = nowMs();
  const interval = 1000 / perSecond;
  let next = 0;
  while (next < count) {
    const due = Math.min(count, Math.floor((nowMs() - start) / interval) + 1);
    for (; next < due; next++) fire(next, start + next * interval);
    await sleep(1);
  }
}
