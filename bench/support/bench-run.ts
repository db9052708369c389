import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A numeric knob from the environment; anything but a positive number keeps the default. */
export function knob(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function benchLog(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Writes a benchmark's figures as `<BENCH_RESULTS_DIR or bench/results>/<name>.json`. */
export function writeResults(name: string, results: unknown): void {
  const dir = process.env.BENCH_RESULTS_DIR ?? resolve(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  benchLog(`results written to ${file}`);
}

/** Runs a benchmark's main and exits: 0 when it ran (whatever its figures), 1 when it could not. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      benchLog(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
