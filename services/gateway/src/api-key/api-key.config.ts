import { z } from 'zod';

const SECRET_KEY_MESSAGE = 'expected base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`)';

/** Base64 (or base64url) of at least 32 bytes. The value itself never appears in a message. */
const secretKeySchema = z
  .string()
  .refine(
    (value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim()) && Buffer.from(value.trim(), 'base64').length >= 32,
    { error: SECRET_KEY_MESSAGE },
  );

/** API keys: only the HMAC signing secrets need a server-side key. */
export const apiKeyEnvShape = {
  /**
   * Derives the HMAC signing secret of each `hmac: true` API key (HMAC-SHA256 over key id and
   * secret version), so none is stored. Needed only for HMAC keys; changing it invalidates them all.
   */
  GATEWAY_SECRET_KEY: secretKeySchema.optional(),
};
