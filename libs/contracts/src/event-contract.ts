import { z } from 'zod';
import { SLUG_PATTERN } from './common/primitives.schema';
import type { LocalizedText } from './common/localized-text';

/**
 * One event version: its name, where it is published and the runtime schema of its data.
 * Kept apart from registry.ts so event definitions can import it without a require cycle.
 */

export interface EventDefinition<
  Service extends string,
  Aggregate extends string,
  Event extends string,
  Version extends number,
  Schema extends z.ZodType,
> {
  /** Publishing service, e.g. `catalog`. */
  service: Service;
  /** Aggregate the event is about; its id is the event subject and the Kafka key. */
  aggregate: Aggregate;
  /** Past-tense fact, e.g. `published`. */
  event: Event;
  /** Major version: a breaking change is a new version published beside the old one. */
  version: Version;
  summary: LocalizedText;
  schema: Schema;
}

export interface EventContract<
  Schema extends z.ZodType = z.ZodType,
  Type extends string = string,
  Topic extends string = string,
> {
  readonly service: string;
  readonly aggregate: string;
  readonly event: string;
  readonly version: number;
  readonly summary: Readonly<LocalizedText>;
  readonly schema: Schema;
  /** `itsm.<service>.<aggregate>.<event>.v<version>` */
  readonly type: Type;
  /** `itsm.<service>.<aggregate>.v<version>`: every event of one aggregate lands on one topic. */
  readonly topic: Topic;
  /** CloudEvents `source`: `/itsm/<service>`. */
  readonly source: string;
}

/** What consumers receive after validation (`z.infer` of the contract's schema). */
export type EventData<C extends EventContract> = z.infer<C['schema']>;

/** What producers may pass before defaults are applied. */
export type EventDataInput<C extends EventContract> = z.input<C['schema']>;

export class ContractDefinitionError extends Error {
  readonly code = 'CONTRACT_DEFINITION_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ContractDefinitionError';
  }
}

export function defineEvent<
  const Service extends string,
  const Aggregate extends string,
  const Event extends string,
  const Version extends number,
  Schema extends z.ZodType,
>(
  definition: EventDefinition<Service, Aggregate, Event, Version, Schema>,
): EventContract<
  Schema,
  `itsm.${Service}.${Aggregate}.${Event}.v${Version}`,
  `itsm.${Service}.${Aggregate}.v${Version}`
> {
  const { service, aggregate, event, version, summary, schema } = definition;
  for (const [name, value] of Object.entries({ service, aggregate, event })) {
    if (!SLUG_PATTERN.test(value)) {
      throw new ContractDefinitionError(`defineEvent: ${name} '${value}' must be a lowercase slug`);
    }
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new ContractDefinitionError(
      `defineEvent: version of ${service}.${aggregate}.${event} must be an integer >= 1`,
    );
  }
  if (!summary.en.trim() || !summary['zh-CN'].trim()) {
    throw new ContractDefinitionError(`defineEvent: ${service}.${aggregate}.${event} needs an en and a zh-CN summary`);
  }
  return Object.freeze({
    service,
    aggregate,
    event,
    version,
    summary: Object.freeze({ ...summary }),
    schema,
    type: `itsm.${service}.${aggregate}.${event}.v${version}` as const,
    topic: `itsm.${service}.${aggregate}.v${version}` as const,
    source: `/itsm/${service}`,
  });
}
