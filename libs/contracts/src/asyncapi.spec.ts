import { Parser } from '@asyncapi/parser';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi';
import { writeAsyncApi } from './generate-asyncapi';
import { EVENT_CONTRACTS, TOPICS } from './registry';

describe('AsyncAPI document', () => {
  const doc = buildAsyncApiDocument();

  it('is a valid AsyncAPI 3.0.0 document', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(TOPICS.map((t) => t.name).sort());
    expect(
      document
        ?.messages()
        .all()
        .map((m) => m.name())
        .sort(),
    ).toEqual(EVENT_CONTRACTS.map((c) => c.type).sort());
  });

  it('has one channel per topic with its messages, and a send operation for each', () => {
    for (const topic of TOPICS) {
      const channel = doc.channels[topic.name];
      expect(channel.address).toBe(topic.name);
      expect(Object.keys(channel.messages)).toEqual(topic.eventTypes);
      expect(channel.bindings.kafka.partitions).toBe(topic.partitions);
      const operation = doc.operations[`publish.${topic.name}`];
      expect(operation.action).toBe('send');
      expect(operation.messages).toHaveLength(topic.eventTypes.length);
    }
  });

  it('describes every event with headers, JSON payload and both languages', () => {
    for (const contract of EVENT_CONTRACTS) {
      const message = doc.components.messages[contract.type];
      expect(message.contentType).toBe('application/json');
      expect(message.summary).toBe(contract.summary.en);
      expect(message.description).toBe(contract.summary['zh-CN']);
      expect(message.payload.type).toBe('object');
      expect(message.payload).not.toHaveProperty('$schema');
      expect(message.headers).toMatchObject({
        required: expect.arrayContaining(['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_subject', 'ce_time']),
        properties: { ce_type: { const: contract.type }, ce_source: { const: contract.source } },
      });
    }
  });

  it('takes the Kafka host from a parameter or a server variable', () => {
    expect(buildAsyncApiDocument({ kafkaHost: 'kafka.internal:9092' }).servers.kafka).toMatchObject({
      host: 'kafka.internal:9092',
      protocol: 'kafka',
    });
    expect(doc.servers.kafka).toMatchObject({ host: '{bootstrapServer}', protocol: 'kafka' });
  });

  it('writeAsyncApi writes the document as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncapi-'));
    try {
      const written = writeAsyncApi(join(dir, 'docs', 'asyncapi.json'));
      expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(doc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
