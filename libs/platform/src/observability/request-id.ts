import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// An inbound id is echoed into logs and responses: accept only short, plain tokens.
const ACCEPTABLE = /^[\w.:@-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token, else a new UUID; echoed on the response. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const id = typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
