import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { base64url, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { SigningKeyRing } from './signing-key-ring';
import { TokenVerifier } from './token-verifier';

const issuer = 'https://itsm.example/gateway';
const audience = 'itsm-catalog';
const claims = { roles: ['agent' as const], departments: ['dep-it'] };
const sign = (
  ring: SigningKeyRing,
  overrides: Partial<{ issuer: string; audience: string; expiresInSeconds: number }> = {},
) => ring.sign(claims, { issuer, audience, subject: 'u-zhang.wei', expiresInSeconds: 300, ...overrides });

async function refusalCode(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (err) {
    expect(err).toMatchObject({ status: 401 });
    return (err as { code: string }).code;
  }
  throw new Error('the token was accepted');
}

describe('TokenVerifier', () => {
  let ring: SigningKeyRing;
  let verifier: TokenVerifier;

  beforeEach(async () => {
    ring = await SigningKeyRing.generate();
    verifier = new TokenVerifier({ issuer, audience, jwks: () => ring.jwks() });
  });

  it('accepts a token of ours and returns who is calling', async () => {
    const principal = await verifier.verify(await sign(ring));
    expect(principal).toMatchObject({ subject: 'u-zhang.wei', roles: ['agent'], departments: ['dep-it'], scopes: [] });
    expect(principal.tokenId).toEqual(expect.any(String));
  });

  it('checks a token once and then remembers it for a minute at most', async () => {
    let now = Date.now();
    const clocked = new TokenVerifier({ issuer, audience, jwks: () => ring.jwks(), now: () => now });
    const token = await sign(ring);
    const first = await clocked.verify(token);
    expect(await clocked.verify(token)).toBe(first);
    now += 61_000;
    const checkedAgain = await clocked.verify(token);
    expect(checkedAgain).not.toBe(first);
    expect(checkedAgain).toEqual(first);
  });

  it('remembers a token no longer than it is valid', async () => {
    let now = Date.now();
    const clocked = new TokenVerifier({
      issuer,
      audience,
      jwks: () => ring.jwks(),
      clockToleranceSeconds: 0,
      now: () => now,
    });
    const token = await sign(ring, { expiresInSeconds: 20 });
    await clocked.verify(token);
    now += 21_000;
    expect(await refusalCode(clocked, token)).toBe('auth.token.expired');
  });

  it('hands out a principal no caller can change for the next', async () => {
    const principal = await verifier.verify(await sign(ring));
    expect(() => principal.roles.push('platform-admin')).toThrow(TypeError);
    expect(() => Object.assign(principal, { subject: 'u-admin' })).toThrow(TypeError);
  });

  it("refuses alg 'none'", async () => {
    const unsecured = new UnsecuredJWT({ ...claims })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('u-admin')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    expect(await refusalCode(verifier, unsecured)).toBe('auth.token.algorithm_not_allowed');
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = (await sign(ring)).split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.roles = ['platform-admin'];
    const tampered = [header, base64url.encode(JSON.stringify(forged)), signature].join('.');
    expect(await refusalCode(verifier, tampered)).toBe('auth.token.bad_signature');
  });

  it('refuses a token signed by a key this platform does not publish', async () => {
    const stranger = await SigningKeyRing.generate();
    expect(await refusalCode(verifier, await sign(stranger))).toBe('auth.token.unknown_key');
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const [publicJwk] = ring.jwks().keys;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('u-admin')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect(await refusalCode(verifier, token)).toBe('auth.token.algorithm_not_allowed');
  });

  it('refuses a wrong issuer, a wrong audience and an expired token', async () => {
    expect(await refusalCode(verifier, await sign(ring, { issuer: 'https://evil.example' }))).toBe(
      'auth.token.wrong_issuer',
    );
    expect(await refusalCode(verifier, await sign(ring, { audience: 'itsm-incidents' }))).toBe(
      'auth.token.wrong_audience',
    );
    expect(await refusalCode(verifier, await sign(ring, { expiresInSeconds: -60 }))).toBe('auth.token.expired');
  });

  it('refuses a token whose claims are not ours (unknown role)', async () => {
    const token = await ring.sign(
      { roles: ['root' as never], departments: [] },
      { issuer, audience, subject: 'u-x', expiresInSeconds: 60 },
    );
    expect(await refusalCode(verifier, token)).toBe('auth.token.claims_invalid');
  });

  it('refuses garbage', async () => {
    expect(await refusalCode(verifier, 'not-a-jwt')).toBe('auth.token.malformed');
  });

  it('rotates keys without downtime: old tokens verify until their key is retired', async () => {
    const before = await sign(ring);
    await ring.rotate();
    const after = await sign(ring);
    expect(ring.jwks().keys).toHaveLength(2);
    await expect(verifier.verify(before)).resolves.toMatchObject({ subject: 'u-zhang.wei' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ subject: 'u-zhang.wei' });

    // Already verified (and remembered), yet refused as soon as its key is gone.
    ring.retire(new Date(Date.now() + 1000));
    expect(ring.jwks().keys).toHaveLength(1);
    expect(await refusalCode(verifier, before)).toBe('auth.token.unknown_key');
    await expect(verifier.verify(after)).resolves.toBeDefined();
  });

  it('keeps its keys across a restart (export and restore)', async () => {
    const token = await sign(ring);
    const restored = await SigningKeyRing.restore(await ring.export());
    const fresh = new TokenVerifier({ issuer, audience, jwks: restored.jwks() });
    await expect(fresh.verify(token)).resolves.toMatchObject({ roles: ['agent'] });
    expect(JSON.stringify(restored.jwks())).not.toMatch(/"d":/); // the JWKS never carries private parts
  });

  describe('against the issuer’s JWKS over HTTP', () => {
    let server: Server;
    let url: URL;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(ring.jwks()));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies with keys fetched from the issuer', async () => {
      const remote = new TokenVerifier({ issuer, audience, jwks: url });
      await expect(remote.verify(await sign(ring))).resolves.toMatchObject({ subject: 'u-zhang.wei' });
      const { privateKey } = await generateKeyPair('ES256');
      const impostor = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: ring.jwks().keys[0].kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject('u-admin')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await refusalCode(remote, impostor)).toBe('auth.token.bad_signature');
    });
  });
});
