import { CATALOG_EVENT_CONTRACTS } from './catalog';
import { REQUESTS_EVENT_CONTRACTS } from './requests';
import { toReadableIssues, type ReadableIssue } from './common/primitives.schema';
import { ContractDefinitionError, type EventContract, type EventData } from './event-contract';

export { defineEvent, ContractDefinitionError } from './event-contract';
export type { EventContract, EventData, EventDataInput, EventDefinition } from './event-contract';

/** Every event version the platform publishes. New services append their contracts here. */
export const EVENT_CONTRACTS = [...CATALOG_EVENT_CONTRACTS, ...REQUESTS_EVENT_CONTRACTS] as const;

export type KnownEventContract = (typeof EVENT_CONTRACTS)[number];
export type EventType = KnownEventContract['type'];
export type TopicName = KnownEventContract['topic'];

export const DEFAULT_PARTITIONS = 3;

/** Topics that need more parallelism than the default; partitions can grow but never shrink. */
const PARTITION_OVERRIDES: Readonly<Partial<Record<string, number>>> = {};

export interface TopicDefinition {
  readonly name: string;
  readonly service: string;
  readonly aggregate: string;
  readonly version: number;
  readonly partitions: number;
  /** Event types published on this topic, in registry order. */
  readonly eventTypes: readonly string[];
  readonly deadLetterTopic: string;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

function indexContracts(contracts: readonly EventContract[]): ReadonlyMap<string, EventContract> {
  const byType = new Map<string, EventContract>();
  for (const contract of contracts) {
    if (byType.has(contract.type)) {
      throw new ContractDefinitionError(`event type ${contract.type} is defined twice`);
    }
    byType.set(contract.type, contract);
  }
  return byType;
}

function buildTopics(contracts: readonly EventContract[]): readonly TopicDefinition[] {
  const topics = new Map<string, TopicDefinition & { eventTypes: string[] }>();
  for (const contract of contracts) {
    const existing = topics.get(contract.topic);
    if (existing) {
      existing.eventTypes.push(contract.type);
      continue;
    }
    topics.set(contract.topic, {
      name: contract.topic,
      service: contract.service,
      aggregate: contract.aggregate,
      version: contract.version,
      partitions: PARTITION_OVERRIDES[contract.topic] ?? DEFAULT_PARTITIONS,
      eventTypes: [contract.type],
      deadLetterTopic: deadLetterTopic(contract.topic),
    });
  }
  return Object.freeze(
    [...topics.values()].map((topic) => Object.freeze({ ...topic, eventTypes: Object.freeze([...topic.eventTypes]) })),
  );
}

const CONTRACTS_BY_TYPE = indexContracts(EVENT_CONTRACTS);

/** Distinct topics derived from the contracts: what deploy scripts create and consumers subscribe to. */
export const TOPICS: readonly TopicDefinition[] = buildTopics(EVENT_CONTRACTS);

export function contractForType(type: string): EventContract | undefined {
  return CONTRACTS_BY_TYPE.get(type);
}

export function topicForType(type: string): string | undefined {
  return CONTRACTS_BY_TYPE.get(type)?.topic;
}

export type EventDataValidation =
  | { ok: true; contract: EventContract; data: unknown }
  | { ok: false; reason: 'unknown-type'; type: string; issues: ReadableIssue[] }
  | { ok: false; reason: 'invalid-data'; contract: EventContract; issues: ReadableIssue[] };

/**
 * Consumers call this before acting on an event. On success `data` is the parsed value (defaults
 * applied, unknown keys stripped); narrow it with `EventData<typeof SomeContract>`.
 */
export function validateEventData(type: string, data: unknown): EventDataValidation {
  const contract = CONTRACTS_BY_TYPE.get(type);
  if (!contract) {
    return {
      ok: false,
      reason: 'unknown-type',
      type,
      issues: [{ path: '', message: `unknown event type '${type}'`, code: 'unknown_type' }],
    };
  }
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid-data', contract, issues: toReadableIssues(parsed.error) };
  }
  return { ok: true, contract, data: parsed.data };
}

export class EventDataError extends Error {
  readonly code = 'EVENT_DATA_INVALID';

  constructor(
    readonly type: string,
    readonly issues: ReadableIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid data for ${type}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      options,
    );
    this.name = 'EventDataError';
  }
}

/** Typed variant for when the contract is already known; throws EventDataError (zod error as `cause`). */
export function parseEventData<C extends EventContract>(contract: C, data: unknown): EventData<C> {
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) {
    throw new EventDataError(contract.type, toReadableIssues(parsed.error), { cause: parsed.error });
  }
  return parsed.data as EventData<C>;
}
