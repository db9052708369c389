import type { Upstream } from '../config';

/** `<base URL><path>`, keeping a base path the service may be mounted under. */
export function upstreamUrl(upstream: Upstream, path: string): string {
  return `${upstream.url}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Why a side call to a service (OpenAPI, readiness) failed, without hosts or addresses. */
export class UpstreamCallError extends Error {
  override readonly name = 'UpstreamCallError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface UpstreamGetOptions {
  timeoutMs: number;
  /** Aborts the call early (e.g. terminus' own timeout). */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Parse the body as JSON and return it; otherwise the body is discarded. */
  json?: boolean;
}

/**
 * GET `path` on the service; only a 200 (with valid JSON when asked) within `timeoutMs` counts.
 * Anything else rejects with an UpstreamCallError whose reason is safe to publish.
 */
export async function getFromUpstream(upstream: Upstream, path: string, options: UpstreamGetOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const failure = (error: unknown) =>
    new UpstreamCallError(
      timeout.aborted ? `no answer within ${options.timeoutMs} ms` : `unreachable (${causeCode(error)})`,
    );

  let response: Response;
  try {
    response = await fetch(upstreamUrl(upstream, path), {
      headers: { accept: 'application/json', ...options.headers },
      signal,
    });
  } catch (error) {
    throw failure(error);
  }
  if (response.status !== 200 || !options.json) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status !== 200) throw new UpstreamCallError(`answered ${response.status}`);
    return undefined;
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpstreamCallError('answered with invalid JSON');
  }
}

// fetch wraps the socket error (ECONNREFUSED, ENOTFOUND...) as `cause`. Duck-typed: under Jest the
// error comes from another realm and fails `instanceof Error`.
function causeCode(error: unknown): string {
  const { cause, name } = (error ?? {}) as { cause?: { code?: unknown }; name?: unknown };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'error';
}
