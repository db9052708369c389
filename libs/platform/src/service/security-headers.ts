import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults: a same-origin content security policy,
 * nosniff, frame denial, HSTS, no referrer leakage), and no `X-Powered-By` fingerprint.
 */
export function securityHeaders() {
  return helmet({
    // The API docs page loads swagger-ui's own script and styles from the gateway itself.
    contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
  });
}
