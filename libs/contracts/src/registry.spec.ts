import { z } from 'zod';
import { teamFixture } from './catalog/catalog.fixtures';
import { TeamChangedV1 } from './catalog';
import {
  contractForType,
  ContractDefinitionError,
  deadLetterTopic,
  DEFAULT_PARTITIONS,
  defineEvent,
  EVENT_CONTRACTS,
  EventDataError,
  parseEventData,
  TOPICS,
  topicForType,
  validateEventData,
  type EventData,
} from './registry';

const TYPE_PATTERN = /^itsm\.[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+\.v[1-9]\d*$/;

describe('defineEvent', () => {
  const sample = {
    service: 'requests',
    aggregate: 'task',
    event: 'completed',
    version: 2,
    summary: { en: 'A task was completed.', 'zh-CN': '任务已完成。' },
    schema: z.object({ taskId: z.uuid() }),
  } as const;

  it('derives type, topic and source', () => {
    const contract = defineEvent(sample);
    expect(contract.type).toBe('itsm.requests.task.completed.v2');
    expect(contract.topic).toBe('itsm.requests.task.v2');
    expect(contract.source).toBe('/itsm/requests');
    // The literal types survive, so handlers can switch on them.
    const type: 'itsm.requests.task.completed.v2' = contract.type;
    expect(type).toBe(contract.type);
  });

  it.each([
    ['a service with dots', { service: 'req.uests' }],
    ['an aggregate in camelCase', { aggregate: 'businessService' }],
    ['version 0', { version: 0 }],
    ['a missing translation', { summary: { en: 'x', 'zh-CN': ' ' } }],
  ])('refuses %s', (_name, patch) => {
    expect(() => defineEvent({ ...sample, ...patch })).toThrow(ContractDefinitionError);
  });
});

describe('registry', () => {
  it('has unique, well-formed types', () => {
    const types = EVENT_CONTRACTS.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(TYPE_PATTERN);
  });

  it('derives one topic per aggregate and major version', () => {
    for (const contract of EVENT_CONTRACTS) {
      expect(contract.topic).toBe(`itsm.${contract.service}.${contract.aggregate}.v${contract.version}`);
      const topic = TOPICS.find((t) => t.name === contract.topic);
      expect(topic).toBeDefined();
      expect(topic?.eventTypes).toContain(contract.type);
    }
    const names = TOPICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(TOPICS.flatMap((t) => t.eventTypes).sort()).toEqual(EVENT_CONTRACTS.map((c) => c.type).sort());
  });

  it('lists the catalog topics with default partitions and their dead-letter topics', () => {
    expect(
      TOPICS.filter((t) => t.service === 'catalog')
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      'itsm.catalog.business-line.v1',
      'itsm.catalog.business-service.v1',
      'itsm.catalog.department.v1',
      'itsm.catalog.offering.v1',
      'itsm.catalog.region.v1',
      'itsm.catalog.team.v1',
    ]);
    expect(TOPICS.find((t) => t.name === 'itsm.catalog.offering.v1')).toMatchObject({
      partitions: DEFAULT_PARTITIONS,
      deadLetterTopic: 'itsm.catalog.offering.v1.dlq',
      eventTypes: [
        'itsm.catalog.offering.changed.v1',
        'itsm.catalog.offering.published.v1',
        'itsm.catalog.offering.retired.v1',
        'itsm.catalog.offering.reinstated.v1',
      ],
    });
    expect(DEFAULT_PARTITIONS).toBe(3);
    expect(deadLetterTopic('itsm.catalog.team.v1')).toBe('itsm.catalog.team.v1.dlq');
  });

  it('finds contracts and topics by type', () => {
    expect(contractForType('itsm.catalog.team.changed.v1')).toBe(TeamChangedV1);
    expect(contractForType('itsm.catalog.team.exploded.v1')).toBeUndefined();
    expect(topicForType('itsm.catalog.team.changed.v1')).toBe('itsm.catalog.team.v1');
  });
});

describe('validateEventData', () => {
  it('returns the parsed data and the contract', () => {
    const result = validateEventData(TeamChangedV1.type, { ...teamFixture(), extra: 'ignored' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.contract).toBe(TeamChangedV1);
    expect(result.data).toEqual(teamFixture());
  });

  it('reports an unknown type', () => {
    expect(validateEventData('itsm.nope.thing.happened.v1', {})).toMatchObject({ ok: false, reason: 'unknown-type' });
  });

  it('reports readable issues for invalid data', () => {
    const result = validateEventData(TeamChangedV1.type, {
      ...teamFixture(),
      members: [{ userId: 'u', role: 'boss' }],
    });
    expect(result).toMatchObject({ ok: false, reason: 'invalid-data', contract: TeamChangedV1 });
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['members[0].displayName', 'members[0].role']);
    for (const issue of result.issues) expect(issue.message).toEqual(expect.any(String));
  });
});

describe('parseEventData', () => {
  it('returns typed data or throws EventDataError', () => {
    const data: EventData<typeof TeamChangedV1> = parseEventData(TeamChangedV1, teamFixture());
    expect(data.members[0].role).toBe('lead');
    expect(() => parseEventData(TeamChangedV1, {})).toThrow(EventDataError);
  });
});
