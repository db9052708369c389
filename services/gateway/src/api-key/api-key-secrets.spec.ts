import { createHmac } from 'node:crypto';
import { loadConfig } from '@itsm/platform/config';
import { gatewayEnv } from '../config';
import {
  formatKey,
  newSecret,
  parseKey,
  requestSignature,
  secretHash,
  secretMatches,
  signatureMatches,
  signingSecret,
} from './api-key-secrets';
import { apiKeySettingsOf } from './api-key.settings';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('API key secrets', () => {
  it('formats and parses itsm_<id>_<secret>, and nothing else', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseKey(formatKey(ID, secret))).toEqual({ id: ID, secret });
    for (const bad of [
      '',
      'itsm_',
      `itsm_${ID}`,
      `itsm_${ID}_short`,
      `itsm_${ID.toUpperCase()}_${secret}`,
      `key_${ID}_${secret}`,
      `itsm_${ID}_${secret} `,
    ]) {
      expect({ bad, parsed: parseKey(bad) }).toEqual({ bad, parsed: undefined });
    }
  });

  it('checks a secret against its SHA-256 only', () => {
    const secret = newSecret();
    const hash = secretHash(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(secret, hash)).toBe(true);
    expect(secretMatches(newSecret(), hash)).toBe(false);
    expect(secretMatches(secret, null)).toBe(false);
    expect(secretMatches(secret, 'not-a-hash')).toBe(false);
  });

  it('derives a signing secret per key and version, none stored', () => {
    const serverKey = Buffer.alloc(32, 7);
    const v1 = signingSecret(serverKey, ID, 1);
    expect(v1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signingSecret(serverKey, ID, 1)).toBe(v1);
    expect(signingSecret(serverKey, ID, 2)).not.toBe(v1);
    expect(signingSecret(Buffer.alloc(32, 8), ID, 1)).not.toBe(v1);
  });

  it('signs "<timestamp>:<body>" as Grafana does: hex HMAC-SHA256 keyed with the secret text', () => {
    const secret = 'grafana-shared-secret';
    const body = Buffer.from('{"status":"firing"}');
    const grafana = createHmac('sha256', secret).update(`1700000000:${body.toString()}`).digest('hex');
    expect(requestSignature(secret, '1700000000', body)).toBe(grafana);
    expect(signatureMatches(grafana, grafana.toUpperCase())).toBe(true);
    expect(signatureMatches(grafana, requestSignature(secret, '1700000001', body))).toBe(false);
    expect(signatureMatches(grafana, 'sha256=' + grafana)).toBe(false);
    expect(signatureMatches(grafana, grafana.slice(0, 62))).toBe(false);
  });

  it('takes GATEWAY_SECRET_KEY as base64 of at least 32 bytes, never echoing it', () => {
    const base = { DATABASE_URL: 'postgres://itsm:itsm@127.0.0.1:5432/gateway', CATALOG_URL: 'http://127.0.0.1:3001' };
    const good = Buffer.alloc(32, 1).toString('base64');
    expect(apiKeySettingsOf(loadConfig(gatewayEnv, { ...base, GATEWAY_SECRET_KEY: good })).serverKey).toEqual(
      Buffer.alloc(32, 1),
    );
    expect(apiKeySettingsOf(loadConfig(gatewayEnv, base)).serverKey).toBeUndefined();
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => loadConfig(gatewayEnv, { ...base, GATEWAY_SECRET_KEY: short })).toThrow(
      /GATEWAY_SECRET_KEY: expected base64 of at least 32 random bytes/,
    );
    expect(() => loadConfig(gatewayEnv, { ...base, GATEWAY_SECRET_KEY: short })).not.toThrow(
      new RegExp(short.replace(/[+/=]/g, '.')),
    );
  });
});
