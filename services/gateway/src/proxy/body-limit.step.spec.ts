import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@itsm/platform/errors';
import { BodyLimiter, parseByteSize } from './body-limit.step';

describe('parseByteSize', () => {
  it.each([
    ['1mb', 1048576],
    ['512kb', 524288],
    ['100', 100],
    ['1.5 KB', 1536],
    ['2gb', 2147483648],
    ['10b', 10],
  ])('%s is %d bytes', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it('rejects anything else', () => {
    expect(() => parseByteSize('lots')).toThrow('not a byte size');
  });
});

describe('BodyLimiter', () => {
  const collect = async (chunks: string[], limit: number) => {
    const out: Buffer[] = [];
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), new BodyLimiter(limit), async function* (source) {
      for await (const chunk of source) out.push(chunk as Buffer);
    });
    return Buffer.concat(out).toString();
  };

  it('passes a body up to the limit through unchanged', async () => {
    await expect(collect(['abc', 'def'], 6)).resolves.toBe('abcdef');
  });

  it('fails with a 413 problem once the body grows past the limit', async () => {
    const failure = await collect(['abc', 'defg'], 6).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ status: 413, code: 'http.payload_too_large', extra: { limit: 6 } });
  });
});
