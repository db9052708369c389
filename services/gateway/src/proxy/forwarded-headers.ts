import type { IncomingHttpHeaders } from 'node:http';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to the caller's connection, not to the service's.
 * `expect` too: Node already answered the 100-continue, and the proxy would hold the body back.
 * `transfer-encoding` stays: the proxy needs it to stream a chunked body on.
 */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'upgrade',
  'expect',
];
// Never dropped because a caller listed them in `Connection`: that would change how the body is framed.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'host']);

/** The caller as the gateway derived it (express, with TRUSTED_PROXIES deciding whose X-Forwarded-* count). */
export interface ClientConnection {
  /** `req.ip`: the TCP peer, or what a trusted proxy in front says it saw. */
  address?: string;
  /** `req.protocol` */
  protocol: string;
  /** `req.host` */
  host?: string;
}

/**
 * Turns the caller's headers into the service's (in place): hop-by-hop headers out, and
 * `x-forwarded-for`, `-proto` and `-host` replaced by what the gateway derived, so the service (which
 * trusts the gateway's) learns the client the gateway's own audit trail and rate limits saw and
 * never what an untrusted caller claimed. Everything else — `traceparent`, `x-request-id`,
 * `authorization`, content headers — goes on unchanged.
 */
export function prepareForwardedHeaders(headers: IncomingHttpHeaders, client: ClientConnection): void {
  const listed =
    typeof headers.connection === 'string' ? headers.connection.split(',').map((t) => t.trim().toLowerCase()) : [];
  for (const name of [...HOP_BY_HOP, ...listed]) {
    if (name !== '' && !FRAMING.has(name)) delete headers[name];
  }

  // One address, not the chain: a service trusting the gateway would otherwise walk on into the
  // caller's own entries whenever the client's address is one it trusts too (loopback in `./itsm run`).
  if (client.address) headers['x-forwarded-for'] = client.address;
  else delete headers['x-forwarded-for'];
  headers['x-forwarded-proto'] = client.protocol;
  if (client.host !== undefined) headers['x-forwarded-host'] = client.host;
  else delete headers['x-forwarded-host'];
}
