import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildAsyncApiDocument, type AsyncApiOptions } from './asyncapi';

/** Writes the generated AsyncAPI document as pretty-printed JSON; returns the absolute path. */
export function writeAsyncApi(path: string, options: AsyncApiOptions = {}): string {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(options), null, 2)}\n`, 'utf8');
  return target;
}

// Run directly: `node <this file> [output path]`, relative to the working directory (the repo root).
if (require.main === module) {
  const written = writeAsyncApi(process.argv[2] ?? 'docs/asyncapi.json');
  process.stdout.write(`AsyncAPI document written to ${written}\n`);
}
