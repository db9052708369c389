import type { z } from 'zod';
import { defineEvent } from '../event-contract';
import type { LocalizedText } from '../common/localized-text';

/*
 * What every requests event definition would otherwise repeat. Internal to the contracts library
 * (index.ts does not re-export it): the contracts stay written out in their event files.
 */

/**
 * `defineEvent` for one aggregate of the requests service (its topic): the service and aggregate are
 * fixed, each event still names its own version, bilingual summary and data schema.
 */
export function requestsEventOf<const Aggregate extends string>(aggregate: Aggregate) {
  return <const Event extends string, const Version extends number, Schema extends z.ZodType>(definition: {
    event: Event;
    version: Version;
    summary: LocalizedText;
    schema: Schema;
  }) => defineEvent({ service: 'requests', aggregate, ...definition });
}
