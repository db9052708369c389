import type { IncomingMessage } from 'node:http';
import { isLocalPath } from './dto/oidc.dto';
import { callbackQueryOf, shieldCallbackQuery } from './callback-query';

const requestFor = (url: string) => ({ url }) as IncomingMessage;

describe('the OIDC callback query', () => {
  it('is taken off the callback URL and kept for the controller', () => {
    const req = requestFor('/auth/oidc/callback?code=abc&state=xyz&iss=https%3A%2F%2Fidp');
    shieldCallbackQuery(req);
    expect(req.url).toBe('/auth/oidc/callback');
    expect(Object.fromEntries(callbackQueryOf(req))).toEqual({ code: 'abc', state: 'xyz', iss: 'https://idp' });
  });

  it('leaves every other request alone', () => {
    for (const url of [
      '/auth/oidc/login?returnTo=%2F',
      '/api/catalog/offerings?status=published',
      '/auth/oidc/callback',
      '/auth/oidc/callbackx?code=1',
    ]) {
      const req = requestFor(url);
      shieldCallbackQuery(req);
      expect(req.url).toBe(url);
      expect([...callbackQueryOf(req)]).toEqual([]);
    }
  });
});

describe('returnTo', () => {
  it('accepts paths on this site', () => {
    for (const path of ['/', '/requests/123', '/requests?tab=tasks&q=%E6%96%B0', '/a/b#section'])
      expect({ path, ok: isLocalPath(path) }).toEqual({ path, ok: true });
  });

  it('refuses anything that could lead off the site', () => {
    for (const path of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'requests',
      '/ok\nLocation: x',
      '/%0d%0a',
      'javascript:alert(1)',
      '',
    ]) {
      expect({ path, ok: isLocalPath(path) }).toEqual({ path, ok: path === '/%0d%0a' });
    }
  });
});
