import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth';

/** Who acts, as an audit record names them. */
export interface AuditActor {
  /**
   * A user id, `key:<id>` for an integration key, `service:<name>` for the platform itself, or
   * `anonymous` for a caller who has not signed in (e.g. a failed sign-in).
   */
  subject: string;
  kind: 'user' | 'api-key' | 'service' | 'anonymous';
}

/**
 * Where a change comes from: the HTTP request (its id, client address and verified caller) or
 * the event a consumer is handling. Kept in AsyncLocalStorage so a use case deep down can record
 * an audit entry without every layer passing these along.
 */
export interface RequestContext {
  requestId?: string;
  /** The address the request came from: the TCP peer, or what a trusted proxy (the gateway) says it saw. */
  clientAddress?: string;
  /** The `X-Forwarded-For` chain as received, for the record (believed only as far as `clientAddress` shows). */
  forwardedFor?: string;
  /** The caller, read when needed: the auth guard verifies it after the context began. */
  principal?: () => Principal | undefined;
  /** Set for work that no person started (event consumers, timers). */
  actor?: AuditActor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function actorOf(principal: Principal): AuditActor {
  const { subject } = principal;
  return {
    subject,
    kind: subject.startsWith('key:') ? 'api-key' : subject.startsWith('service:') ? 'service' : 'user',
  };
}

interface AddressedRequest extends IncomingMessage {
  /** express: the client address, from X-Forwarded-For only when the peer is a trusted proxy (`configureHttpServer`). */
  ip?: string;
}

/**
 * Where a request came from, as the audit trail records it and the gateway's rate limits count it:
 * the TCP peer, or the address a trusted proxy in front says it saw. X-Forwarded-For alone is only
 * the caller's word.
 */
export function clientAddressOf(req: AddressedRequest): string | undefined {
  return (req.ip || req.socket?.remoteAddress || undefined)?.slice(0, 100);
}

interface ContextRequest extends AddressedRequest {
  principal?: Principal;
}

/**
 * The context of an HTTP request, read lazily: pino-http assigns `req.id` and the auth guard sets
 * `req.principal` after this context began.
 */
export function httpRequestContext(req: ContextRequest): RequestContext {
  const header = req.headers['x-forwarded-for'];
  const forwardedFor = typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 500) : undefined;
  return {
    get requestId() {
      const id: unknown = (req as { id?: unknown }).id;
      return typeof id === 'string' ? id : undefined;
    },
    clientAddress: clientAddressOf(req),
    forwardedFor,
    principal: () => req.principal,
  };
}
