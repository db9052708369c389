import type { IncomingHttpHeaders } from 'node:http';
import { prepareForwardedHeaders } from './forwarded-headers';

describe('prepareForwardedHeaders', () => {
  const client = { address: '10.0.0.7', protocol: 'http', host: 'gw.example.com' };

  it('drops hop-by-hop headers and those the caller listed in Connection', () => {
    const headers: IncomingHttpHeaders = {
      connection: 'keep-alive, x-debug, Content-Length',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic x',
      te: 'trailers',
      upgrade: 'h2c',
      expect: '100-continue',
      'x-debug': '1',
      'content-length': '12',
      'transfer-encoding': 'chunked',
      host: 'gw.example.com',
    };
    prepareForwardedHeaders(headers, client);
    for (const name of ['connection', 'keep-alive', 'proxy-authorization', 'te', 'upgrade', 'expect', 'x-debug'])
      expect(headers).not.toHaveProperty(name);
    expect(headers).toMatchObject({ 'content-length': '12', 'transfer-encoding': 'chunked', host: 'gw.example.com' });
  });

  it('passes end-to-end headers on unchanged', () => {
    const headers: IncomingHttpHeaders = {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=1',
      'x-request-id': 'req-1',
      authorization: 'Bearer t',
      'content-type': 'application/json',
    };
    const before = { ...headers };
    prepareForwardedHeaders(headers, client);
    expect(headers).toMatchObject(before);
  });

  it('tells the service the client, protocol and host the gateway derived', () => {
    const headers: IncomingHttpHeaders = { host: 'gw.example.com:8080' };
    prepareForwardedHeaders(headers, { address: '10.0.0.7', protocol: 'https', host: 'gw.example.com:8080' });
    expect(headers).toMatchObject({
      'x-forwarded-for': '10.0.0.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gw.example.com:8080',
    });
  });

  it("replaces what the caller claimed: the caller's X-Forwarded-* never reach the service", () => {
    const headers: IncomingHttpHeaders = {
      host: 'gateway:8080',
      'x-forwarded-for': '6.6.6.6, 127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example.com',
    };
    prepareForwardedHeaders(headers, { address: '203.0.113.9', protocol: 'http', host: 'gateway:8080' });
    expect(headers).toMatchObject({
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gateway:8080',
    });
  });
});
