import { CloudEvent, Kafka } from 'cloudevents';
import type { IHeaders, KafkaMessage, Message as KafkaProducerMessage } from 'kafkajs';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { IDS, publishedOfferingFixture, teamFixture } from './catalog/catalog.fixtures';
import { OfferingPublishedV1, TeamChangedV1 } from './catalog';
import { createEvent, EnvelopeError, fromKafkaMessage, toKafkaMessage, type DomainEvent } from './envelope';
import { EventDataError } from './registry';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function teamEvent(opts: Parameters<typeof createEvent>[3] = {}) {
  return createEvent(TeamChangedV1, IDS.teamSouth, teamFixture(), opts);
}

/** kafkajs delivers header values as Buffers. */
function asDelivered(headers: Record<string, string>): IHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
}

describe('createEvent', () => {
  it('fills id (UUIDv7), time, source and type from the contract', () => {
    const event = teamEvent();
    expect(isUuid(event.id)).toBe(true);
    expect(uuidVersion(event.id)).toBe(7);
    expect(event.type).toBe('itsm.catalog.team.changed.v1');
    expect(event.source).toBe('/itsm/catalog');
    expect(event.subject).toBe(IDS.teamSouth);
    expect(new Date(event.time).toISOString()).toBe(event.time);
    expect(event.traceparent).toBeUndefined();
  });

  it('keeps given id, time and trace context', () => {
    const event = teamEvent({
      id: 'e-1',
      time: new Date('2025-01-01T00:00:00Z'),
      traceparent: TRACEPARENT,
      tracestate: 'k=v',
    });
    expect(event).toMatchObject({
      id: 'e-1',
      time: '2025-01-01T00:00:00.000Z',
      traceparent: TRACEPARENT,
      tracestate: 'k=v',
    });
  });

  it('stores the parsed data, defaults applied', () => {
    const event = createEvent(OfferingPublishedV1, IDS.offering, publishedOfferingFixture());
    expect(event.data.taskPlan.tasks[1].checklist).toEqual([]);
  });

  it('throws EventDataError with readable issues when data breaks the contract', () => {
    const bad = { ...teamFixture(), teamId: 'not-a-uuid', regions: ['CN South'] };
    let error: unknown;
    try {
      createEvent(TeamChangedV1, IDS.teamSouth, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventDataError);
    const dataError = error as EventDataError;
    expect(dataError.code).toBe('EVENT_DATA_INVALID');
    expect(dataError.type).toBe(TeamChangedV1.type);
    expect(dataError.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['teamId', 'regions[0]']));
    expect(dataError.cause).toBeDefined();
  });

  it('refuses an empty subject', () => {
    expect(() => createEvent(TeamChangedV1, '', teamFixture())).toThrow(TypeError);
  });
});

describe('toKafkaMessage', () => {
  it('maps attributes to ce_* headers, key = aggregate id, value = JSON data', () => {
    const event = teamEvent({ traceparent: TRACEPARENT });
    const message = toKafkaMessage(event);
    expect(message.key).toBe(IDS.teamSouth);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/itsm/catalog',
      ce_type: 'itsm.catalog.team.changed.v1',
      ce_subject: IDS.teamSouth,
      ce_time: event.time,
      'content-type': 'application/json',
      traceparent: TRACEPARENT,
    });
    expect(JSON.parse(message.value.toString('utf8'))).toEqual(event.data);
  });

  it('omits trace headers when there is no trace context', () => {
    const { headers } = toKafkaMessage(teamEvent());
    expect(headers).not.toHaveProperty('traceparent');
    expect(headers).not.toHaveProperty('tracestate');
  });
});

describe('fromKafkaMessage', () => {
  it('round-trips an event through string headers', () => {
    const event = teamEvent({ traceparent: TRACEPARENT, tracestate: 'vendor=1' });
    expect(fromKafkaMessage(toKafkaMessage(event))).toEqual(event);
  });

  it('reads headers and value as kafkajs delivers them (Buffers, repeated headers as arrays)', () => {
    const event: DomainEvent = createEvent(OfferingPublishedV1, IDS.offering, publishedOfferingFixture(), {
      traceparent: TRACEPARENT,
    });
    const message = toKafkaMessage(event);
    const headers = asDelivered(message.headers);
    headers.ce_type = [Buffer.from(event.type), Buffer.from('itsm.other.thing.happened.v1')];
    headers['x-unrelated'] = undefined;
    expect(fromKafkaMessage({ key: Buffer.from(message.key), value: message.value, headers })).toEqual(event);
  });

  it('fits the kafkajs producer and consumer message types', () => {
    const event = teamEvent();
    const produced: KafkaProducerMessage = toKafkaMessage(event);
    const consumed: KafkaMessage = {
      key: Buffer.from(String(produced.key)),
      value: produced.value as Buffer,
      headers: asDelivered(toKafkaMessage(event).headers),
      timestamp: '0',
      attributes: 0,
      offset: '0',
    };
    expect(fromKafkaMessage(consumed)).toEqual(event);
  });

  it('names every missing required attribute', () => {
    const { key, value, headers } = toKafkaMessage(teamEvent());
    const { ce_id: _id, ce_type: _type, ...rest } = headers;
    let error: unknown;
    try {
      fromKafkaMessage({ key, value, headers: { ...rest, ce_subject: '' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error).toMatchObject({ code: 'ENVELOPE_MISSING_ATTRIBUTES', attributes: ['id', 'type', 'subject'] });
    expect((error as Error).message).toContain('ce_id');
  });

  it('rejects a message without headers', () => {
    expect(() => fromKafkaMessage({ key: 'k', value: Buffer.from('{}') })).toThrow(EnvelopeError);
  });

  it.each([
    ['an unsupported spec version', { ce_specversion: '0.3' }, undefined, 'ENVELOPE_UNSUPPORTED_SPECVERSION'],
    ['a time that is not a timestamp', { ce_time: 'yesterday' }, undefined, 'ENVELOPE_INVALID_ATTRIBUTE'],
    ['an id that is not a UUID', { ce_id: 'evt-42' }, undefined, 'ENVELOPE_INVALID_ATTRIBUTE'],
    [
      'structured mode',
      { 'content-type': 'application/cloudevents+json' },
      undefined,
      'ENVELOPE_UNSUPPORTED_CONTENT_TYPE',
    ],
    ['a tombstone (null value)', {}, null, 'ENVELOPE_MISSING_DATA'],
    ['a value that is not JSON', {}, Buffer.from('{oops'), 'ENVELOPE_INVALID_DATA'],
  ])('rejects %s', (_name, headerPatch, valuePatch, code) => {
    const message = toKafkaMessage(teamEvent());
    const value = valuePatch === undefined ? message.value : valuePatch;
    expect(() =>
      fromKafkaMessage({ key: message.key, value, headers: { ...message.headers, ...headerPatch } }),
    ).toThrow(expect.objectContaining({ name: 'EnvelopeError', code }));
  });
});

describe('interoperability with the official CloudEvents SDK', () => {
  it('Kafka.toEvent reads what we publish', () => {
    const event = createEvent(OfferingPublishedV1, IDS.offering, publishedOfferingFixture(), {
      traceparent: TRACEPARENT,
    });
    const message = toKafkaMessage(event);

    expect(Kafka.isEvent({ ...message, body: message.value })).toBe(true);
    const received = Kafka.toEvent({ ...message, body: message.value });
    expect(Array.isArray(received)).toBe(false);
    expect(received).toBeInstanceOf(CloudEvent);
    const cloudEvent = received as CloudEvent<unknown>;

    expect(cloudEvent.validate()).toBe(true);
    expect(cloudEvent.specversion).toBe('1.0');
    expect(cloudEvent.id).toBe(event.id);
    expect(cloudEvent.type).toBe('itsm.catalog.offering.published.v1');
    expect(cloudEvent.source).toBe('/itsm/catalog');
    expect(cloudEvent.subject).toBe(IDS.offering);
    expect(cloudEvent.time).toBe(event.time);
    expect(cloudEvent.datacontenttype).toBe('application/json');
    expect(cloudEvent.data).toEqual(event.data);
  });

  it('Kafka.toEvent also reads Buffer headers as a kafkajs consumer hands them over', () => {
    const event = teamEvent();
    const message = toKafkaMessage(event);
    // The SDK expects string header values; an integration decodes kafkajs Buffers first.
    const headers = Object.fromEntries(Object.entries(asDelivered(message.headers)).map(([k, v]) => [k, String(v)]));
    const kafkaMessage = { key: message.key, value: message.value, headers, body: message.value };
    const cloudEvent = Kafka.toEvent(kafkaMessage) as CloudEvent<unknown>;
    expect(cloudEvent.id).toBe(event.id);
    expect(cloudEvent.data).toEqual(event.data);
  });
});
