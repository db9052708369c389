import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `itsm_<key id>_<secret>`: the id finds the row, the secret is checked against its hash. */
const KEY_FORMAT = /^itsm_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** What identifies a key in lists and logs without being secret: `itsm_<id>`. */
export function keyPrefix(id: string): string {
  return `itsm_${id}`;
}

/** 256 random bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function formatKey(id: string, secret: string): string {
  return `${keyPrefix(id)}_${secret}`;
}

/** The parts of a presented key, or undefined when it is not one of ours. */
export function parseKey(presented: string): { id: string; secret: string } | undefined {
  const match = KEY_FORMAT.exec(presented);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/** SHA-256 (hex): enough for a 256-bit random secret, which no dictionary or brute force reaches. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares the digests in constant time, so the response time tells nothing about the stored hash. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  return sameBytes(Buffer.from(secretHash(secret), 'hex'), Buffer.from(storedHash, 'hex'));
}

/**
 * An HMAC key's signing secret: HMAC-SHA256(GATEWAY_SECRET_KEY, `<key id>:<secret version>`),
 * base64url. Derived, never stored: the gateway recomputes it to check a signature, and a rotation
 * (the next version) yields a new one.
 */
export function signingSecret(serverKey: Buffer, keyId: string, version: number): string {
  return createHmac('sha256', serverKey).update(`${keyId}:${version}`, 'utf8').digest('base64url');
}

/**
 * Hex HMAC-SHA256 of `<timestamp>:<body>` keyed with the signing secret's characters: Grafana's
 * webhook signature with a timestamp header, and ours (`X-Itsm-Signature: sha256=<hex>`).
 */
export function requestSignature(secret: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}:`, 'utf8').update(body).digest('hex');
}

/** Constant-time comparison of two hex signatures; false for anything that is not 64 hex digits. */
export function signatureMatches(expectedHex: string, presentedHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(presentedHex)) return false;
  return sameBytes(Buffer.from(expectedHex, 'hex'), Buffer.from(presentedHex.toLowerCase(), 'hex'));
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
