/**
 * Structural checks for an OpenAPI document, shared by the merge unit test and the gateway
 * integration test: local `$ref`s that point nowhere, and operation ids used twice.
 */
export function unresolvedRefs(document: unknown): string[] {
  const missing = new Set<string>();
  walk(document, (ref) => {
    if (ref.startsWith('#') && resolvePointer(document, ref) === undefined) missing.add(ref);
  });
  return [...missing];
}

export function duplicateOperationIds(document: unknown): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const paths = (document as { paths?: Record<string, Record<string, { operationId?: unknown }>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const id = typeof operation === 'object' && operation !== null ? operation.operationId : undefined;
      if (typeof id !== 'string') continue;
      if (seen.has(id)) duplicates.add(id);
      seen.add(id);
    }
  }
  return [...duplicates];
}

export function refsOf(document: unknown): string[] {
  const refs: string[] = [];
  walk(document, (ref) => refs.push(ref));
  return refs;
}

function walk(value: unknown, onRef: (ref: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, onRef);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') onRef(child);
      else walk(child, onRef);
    }
  }
}

function resolvePointer(document: unknown, ref: string): unknown {
  const pointer = ref.slice(1);
  if (pointer === '') return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
