import { z } from 'zod';
import { CE_HEADERS, CE_SPEC_VERSION, JSON_CONTENT_TYPE } from './envelope';
import type { EventContract } from './event-contract';
import { EVENT_CONTRACTS, TOPICS, type TopicDefinition } from './registry';

/**
 * AsyncAPI 3.0.0 document generated from the registry, so the published description can never
 * drift from the schemas producers and consumers actually run.
 */

export type JsonSchemaObject = Record<string, unknown>;

export interface AsyncApiReference {
  $ref: string;
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  description: string;
  contentType: string;
  headers: JsonSchemaObject;
  payload: JsonSchemaObject;
  correlationId: { description: string; location: string };
  bindings: { kafka: { key: JsonSchemaObject; bindingVersion: string } };
  'x-summary-zh-CN': string;
  'x-event-type': string;
  'x-cloudevents-source': string;
}

export interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, AsyncApiReference>;
  bindings: { kafka: { topic: string; partitions: number; bindingVersion: string } };
  'x-dead-letter-topic': string;
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: AsyncApiReference;
  title: string;
  summary: string;
  description: string;
  messages: AsyncApiReference[];
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  id: string;
  info: { title: string; version: string; description: string; license: { name: string; url: string } };
  defaultContentType: string;
  servers: Record<string, JsonSchemaObject>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { messages: Record<string, AsyncApiMessage> };
}

export interface AsyncApiOptions {
  /** Bootstrap server `host:port`; when omitted the host is a server variable. */
  kafkaHost?: string;
  /** Version of the document (not of any event). */
  version?: string;
}

const KAFKA_BINDING_VERSION = '0.5.0';

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Input mode: what a consumer's schema accepts, so additive fields in a version are not forbidden. */
export function payloadSchema(contract: EventContract): JsonSchemaObject {
  const schema: JsonSchemaObject = { ...z.toJSONSchema(contract.schema, { target: 'draft-07', io: 'input' }) };
  // The AsyncAPI schema format is itself a draft-07 dialect; a nested $schema would confuse tools.
  delete schema.$schema;
  return schema;
}

export function cloudEventHeadersSchema(contract: EventContract): JsonSchemaObject {
  return {
    type: 'object',
    description:
      'CloudEvents 1.0 attributes (Kafka binary mode) and W3C trace context. / CloudEvents 1.0 属性（Kafka 二进制模式）与 W3C 链路上下文。',
    required: [
      CE_HEADERS.specversion,
      CE_HEADERS.id,
      CE_HEADERS.source,
      CE_HEADERS.type,
      CE_HEADERS.subject,
      CE_HEADERS.time,
      CE_HEADERS.contentType,
    ],
    properties: {
      [CE_HEADERS.specversion]: {
        type: 'string',
        const: CE_SPEC_VERSION,
        description: 'CloudEvents spec version. / CloudEvents 规范版本。',
      },
      [CE_HEADERS.id]: {
        type: 'string',
        format: 'uuid',
        description: 'Event id (UUIDv7); consumers deduplicate on it. / 事件 ID（UUIDv7），消费者据此去重。',
      },
      [CE_HEADERS.source]: { type: 'string', const: contract.source, description: 'Publishing service. / 发布服务。' },
      [CE_HEADERS.type]: { type: 'string', const: contract.type, description: 'Event type. / 事件类型。' },
      [CE_HEADERS.subject]: {
        type: 'string',
        description: `Id of the ${contract.aggregate}; equals the Kafka key. / ${contract.aggregate} 的 ID，与 Kafka 消息键相同。`,
      },
      [CE_HEADERS.time]: {
        type: 'string',
        format: 'date-time',
        description: 'When the fact happened. / 事实发生的时间。',
      },
      [CE_HEADERS.contentType]: {
        type: 'string',
        const: JSON_CONTENT_TYPE,
        description: 'Encoding of the message value. / 消息体编码。',
      },
      [CE_HEADERS.traceparent]: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description: 'W3C trace context of the producing request. / 产生该事件的请求的 W3C 链路上下文。',
      },
      [CE_HEADERS.tracestate]: { type: 'string', description: 'W3C trace state. / W3C 链路状态。' },
    },
  };
}

function message(contract: EventContract): AsyncApiMessage {
  return {
    name: contract.type,
    title: contract.type,
    summary: contract.summary.en,
    description: contract.summary['zh-CN'],
    contentType: JSON_CONTENT_TYPE,
    headers: cloudEventHeadersSchema(contract),
    payload: payloadSchema(contract),
    correlationId: {
      description: 'Event id, unique per event. / 事件 ID，每个事件唯一。',
      location: `$message.header#/${CE_HEADERS.id}`,
    },
    bindings: {
      kafka: {
        key: { type: 'string', description: `Id of the ${contract.aggregate}. / ${contract.aggregate} 的 ID。` },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    'x-summary-zh-CN': contract.summary['zh-CN'],
    'x-event-type': contract.type,
    'x-cloudevents-source': contract.source,
  };
}

function channel(topic: TopicDefinition): AsyncApiChannel {
  return {
    address: topic.name,
    title: topic.name,
    description:
      `All events of the ${topic.service} ${topic.aggregate} aggregate, keyed by its id so they stay in order. ` +
      `/ ${topic.service} 服务 ${topic.aggregate} 聚合的全部事件，以其 ID 为键以保证顺序。`,
    messages: Object.fromEntries(
      topic.eventTypes.map((type) => [type, { $ref: `#/components/messages/${pointerSegment(type)}` }]),
    ),
    bindings: { kafka: { topic: topic.name, partitions: topic.partitions, bindingVersion: KAFKA_BINDING_VERSION } },
    'x-dead-letter-topic': topic.deadLetterTopic,
  };
}

function sendOperation(topic: TopicDefinition): AsyncApiOperation {
  return {
    action: 'send',
    channel: { $ref: `#/channels/${pointerSegment(topic.name)}` },
    title: `Publish ${topic.name}`,
    summary: `The ${topic.service} service publishes ${topic.aggregate} events.`,
    description: `${topic.service} 服务发布 ${topic.aggregate} 事件。`,
    messages: topic.eventTypes.map((type) => ({
      $ref: `#/channels/${pointerSegment(topic.name)}/messages/${pointerSegment(type)}`,
    })),
  };
}

export function buildAsyncApiDocument(options: AsyncApiOptions = {}): AsyncApiDocument {
  const kafkaServer: JsonSchemaObject =
    options.kafkaHost !== undefined
      ? { host: options.kafkaHost, protocol: 'kafka', description: 'Kafka cluster. / Kafka 集群。' }
      : {
          host: '{bootstrapServer}',
          protocol: 'kafka',
          description: 'Kafka cluster. / Kafka 集群。',
          variables: {
            bootstrapServer: {
              default: 'localhost:9092',
              description: 'Bootstrap server host:port. / 引导服务器 host:port。',
            },
          },
        };

  return {
    asyncapi: '3.0.0',
    id: 'urn:itsm:events',
    info: {
      title: 'ITSM platform domain events',
      version: options.version ?? '1.0.0',
      description:
        'Domain events of the business-driven ITSM platform: CloudEvents 1.0 in Kafka binary mode, one topic per aggregate and major version, key = aggregate id.\n\n' +
        '业务驱动 ITSM 平台的领域事件：Kafka 二进制模式的 CloudEvents 1.0，每个聚合每个主版本一个主题，消息键为聚合 ID。',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: JSON_CONTENT_TYPE,
    servers: { kafka: kafkaServer },
    channels: Object.fromEntries(TOPICS.map((topic) => [topic.name, channel(topic)])),
    operations: Object.fromEntries(TOPICS.map((topic) => [`publish.${topic.name}`, sendOperation(topic)])),
    components: { messages: Object.fromEntries(EVENT_CONTRACTS.map((contract) => [contract.type, message(contract)])) },
  };
}
