/**
 * SQLSTATEs saying the server cannot serve this session now, whatever the statement: connection
 * exceptions (class 08), shutdown (57P01 admin, 57P02 crash, 57P03 starting or stopping), too many
 * connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/** Node's socket errors on the way to the server (TCP, or ENOENT: the Unix socket is gone while it is down). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres says a lost connection in words only. */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection is closed)/i;

/**
 * The database cannot be reached right now: the statement may well be right, so the answer is a
 * 503 to retry, a consumer waits instead of counting a failed attempt, a poller tries again later.
 * Matched by shape (TypeORM's QueryFailedError keeps the driver's error in `driverError`), so no
 * caller needs the driver or TypeORM.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNREACHABLE.has(e.code))) return true;
  if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
