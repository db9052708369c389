import { validate as isUuid } from 'uuid';
import { newUuidV7 } from './uuid-v7';
import type { EventContract, EventData, EventDataInput } from './event-contract';
import { parseEventData } from './registry';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as `ce_*`
 * headers and the JSON data is the message value, so any CloudEvents SDK can read our events.
 */

export const CE_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export interface DomainEvent<Data = unknown, Type extends string = string> {
  /** UUIDv7: unique per event, the idempotency key of consumers. */
  id: string;
  type: Type;
  /** `/itsm/<service>` */
  source: string;
  /** Aggregate id; also the Kafka key. */
  subject: string;
  /** ISO-8601 time the fact happened. */
  time: string;
  data: Data;
  /** W3C trace context, carried so a consumer's span joins the producer's trace. */
  traceparent?: string;
  tracestate?: string;
}

export interface CreateEventOptions {
  id?: string;
  time?: Date | string;
  traceparent?: string;
  tracestate?: string;
}

/** Validates `data` against the contract (throws EventDataError) and fills id, time and source. */
export function createEvent<C extends EventContract>(
  contract: C,
  subject: string,
  data: EventDataInput<C>,
  opts: CreateEventOptions = {},
): DomainEvent<EventData<C>, C['type']> {
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new TypeError(`createEvent(${contract.type}): subject (the aggregate id) must be a non-empty string`);
  }
  const event: DomainEvent<EventData<C>, C['type']> = {
    id: opts.id ?? newUuidV7(),
    type: contract.type,
    source: contract.source,
    subject,
    time: opts.time instanceof Date ? opts.time.toISOString() : (opts.time ?? new Date().toISOString()),
    data: parseEventData(contract, data),
  };
  if (opts.traceparent) event.traceparent = opts.traceparent;
  if (opts.tracestate) event.tracestate = opts.tracestate;
  return event;
}

export interface OutgoingKafkaMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export function toKafkaMessage(event: DomainEvent): OutgoingKafkaMessage {
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: CE_SPEC_VERSION,
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.source]: event.source,
    [CE_HEADERS.type]: event.type,
    [CE_HEADERS.subject]: event.subject,
    [CE_HEADERS.time]: event.time,
    [CE_HEADERS.contentType]: JSON_CONTENT_TYPE,
  };
  if (event.traceparent) headers[CE_HEADERS.traceparent] = event.traceparent;
  if (event.traceparent && event.tracestate) headers[CE_HEADERS.tracestate] = event.tracestate;
  return { key: event.subject, value: Buffer.from(JSON.stringify(event.data)), headers };
}

/** Header values as kafkajs delivers them (IHeaders): repeated headers arrive as arrays. */
export type IncomingHeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | null | undefined;

export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Readonly<Record<string, IncomingHeaderValue>>;
}

export type EnvelopeErrorCode =
  | 'ENVELOPE_MISSING_ATTRIBUTES'
  | 'ENVELOPE_INVALID_ATTRIBUTE'
  | 'ENVELOPE_UNSUPPORTED_SPECVERSION'
  | 'ENVELOPE_UNSUPPORTED_CONTENT_TYPE'
  | 'ENVELOPE_MISSING_DATA'
  | 'ENVELOPE_INVALID_DATA';

/** A message that is not one of our CloudEvents: retrying cannot fix it, so it belongs in the DLQ. */
export class EnvelopeError extends Error {
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
    readonly attributes: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EnvelopeError';
  }
}

function isHeaderList(value: IncomingHeaderValue): value is ReadonlyArray<Buffer | string> {
  return Array.isArray(value);
}

function headerText(headers: Readonly<Record<string, IncomingHeaderValue>>, name: string): string | undefined {
  let raw = headers[name];
  if (raw === undefined) {
    // Kafka header names are case-sensitive, but some producers capitalise them.
    const match = Object.keys(headers).find((k) => k.toLowerCase() === name);
    raw = match === undefined ? undefined : headers[match];
  }
  // Repeated header: the first occurrence wins, as in the HTTP binding.
  const first = isHeaderList(raw) ? raw[0] : raw;
  if (first === undefined || first === null) return undefined;
  const text = typeof first === 'string' ? first : first.toString('utf8');
  return text === '' ? undefined : text;
}

export function fromKafkaMessage(message: IncomingKafkaMessage): DomainEvent {
  const headers = message.headers ?? {};
  const read = (name: string) => headerText(headers, name);

  const required = {
    specversion: read(CE_HEADERS.specversion),
    id: read(CE_HEADERS.id),
    source: read(CE_HEADERS.source),
    type: read(CE_HEADERS.type),
    subject: read(CE_HEADERS.subject),
    time: read(CE_HEADERS.time),
  };
  const missing = Object.entries(required)
    .filter(([, value]) => value === undefined)
    .map(([attribute]) => attribute);
  if (missing.length > 0) {
    throw new EnvelopeError(
      'ENVELOPE_MISSING_ATTRIBUTES',
      `CloudEvent attributes missing from Kafka headers: ${missing.map((a) => `ce_${a}`).join(', ')}`,
      missing,
    );
  }
  const { specversion, id, source, type, subject, time } = required as Record<keyof typeof required, string>;

  if (specversion !== CE_SPEC_VERSION) {
    throw new EnvelopeError('ENVELOPE_UNSUPPORTED_SPECVERSION', `unsupported ce_specversion '${specversion}'`, [
      'specversion',
    ]);
  }
  // Our ids are UUIDs (consumers key their inbox on them); anything else is a foreign or corrupt message.
  if (!isUuid(id)) {
    throw new EnvelopeError('ENVELOPE_INVALID_ATTRIBUTE', `ce_id '${id.slice(0, 100)}' is not a UUID`, ['id']);
  }
  if (Number.isNaN(Date.parse(time))) {
    throw new EnvelopeError('ENVELOPE_INVALID_ATTRIBUTE', `ce_time '${time}' is not an RFC 3339 timestamp`, ['time']);
  }
  const contentType = read(CE_HEADERS.contentType);
  if (contentType !== undefined && !contentType.toLowerCase().startsWith(JSON_CONTENT_TYPE)) {
    throw new EnvelopeError(
      'ENVELOPE_UNSUPPORTED_CONTENT_TYPE',
      `content-type '${contentType}' is not ${JSON_CONTENT_TYPE} (only binary mode with JSON data is supported)`,
      ['datacontenttype'],
    );
  }

  if (message.value === null || message.value === undefined) {
    throw new EnvelopeError('ENVELOPE_MISSING_DATA', `event ${id} (${type}) has no value`, ['data']);
  }
  const text = typeof message.value === 'string' ? message.value : message.value.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new EnvelopeError('ENVELOPE_INVALID_DATA', `event ${id} (${type}) value is not valid JSON`, ['data'], {
      cause,
    });
  }

  const event: DomainEvent = { id, type, source, subject, time, data };
  const traceparent = read(CE_HEADERS.traceparent);
  const tracestate = read(CE_HEADERS.tracestate);
  if (traceparent) event.traceparent = traceparent;
  if (traceparent && tracestate) event.tracestate = tracestate;
  return event;
}
