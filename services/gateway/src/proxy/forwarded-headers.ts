import type { IncomingHttpHeaders } from 'node:http';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to the caller's connection, not to the service's.
 * `expect` too: Node already answered the 100-continue, and the proxy would hold the body back.
 * `transfer-encoding` stays: the proxy needs it to stream a chunked body on.
 */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade', 'expect'];
// Never dropped because a caller listed them in `Connection`: that would change how the body is framed.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'host']);

export interface ClientConnection {
  remoteAddress?: string;
  encrypted: boolean;
}

/**
 * Turns the caller's headers into the service's (in place): hop-by-hop headers out, the caller's
 * address appended to `x-forwarded-for`; `x-forwarded-proto` and `-host` are kept when a proxy in
 * front of the gateway set them, else filled from this connection. Everything else — `traceparent`,
 * `x-request-id`, `authorization`, content headers — goes on unchanged.
 */
export function prepareForwardedHeaders(headers: IncomingHttpHeaders, client: ClientConnection): void {
  const listed = typeof headers.connection === 'string' ? headers.connection.split(',').map((t) => t.trim().toLowerCase()) : [];
  for (const name of [...HOP_BY_HOP, ...listed]) {
    if (name !== '' && !FRAMING.has(name)) delete headers[name];
  }

  const forwardedFor = headers['x-forwarded-for'];
  const chain = Array.isArray(forwardedFor) ? forwardedFor.join(', ') : forwardedFor;
  if (client.remoteAddress) headers['x-forwarded-for'] = chain ? `${chain}, ${client.remoteAddress}` : client.remoteAddress;
  headers['x-forwarded-proto'] ??= client.encrypted ? 'https' : 'http';
  if (headers.host !== undefined) headers['x-forwarded-host'] ??= headers.host;
}
