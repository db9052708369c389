import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open: longer than the callers in front keep theirs
 * (Node's agent, which the gateway proxies with, 5 s; load balancers 60 s). Node's default of 5 s
 * races the gateway's own 5 s: the gateway sends a request on a connection the service is closing
 * at that instant, the request dies with ECONNRESET and the caller gets a 502.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

/** Keeps idle connections open for IDLE_CONNECTION_TIMEOUT_MS, so the caller always closes them first. */
export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
}
