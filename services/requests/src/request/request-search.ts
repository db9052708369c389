import type { QueryRunner } from 'typeorm';
import type { BusinessContext, LocalizedText } from '@itsm/contracts';
import { type SearchQuery, searchTerms, textsOf } from '@itsm/platform/search';
import { requestNumber } from './request.entity';

/*
 * What `?q=` finds requests and tasks by (issue 10 item 17). A request: its number, its title (the
 * offering's name in both languages), its requester and on-behalf-of person as stored, and its form's
 * answers except the key dates; a task: its own name, and everything its request is found by. The
 * terms are written once, with the row: nothing they are made of changes afterwards (key dates move,
 * which is why they are left out).
 *
 * Only the request's terms are indexed (GIN). A task keeps the terms of its name alone, unindexed:
 * its request's terms are reached through the request, and task names come from a handful of
 * templates, so an index would only repeat the request's for every task (four times the entries,
 * written again at every change of a task). Each offering version in the catalog projection keeps
 * the terms of its tasks' names (`task_name_terms`): a query no task name holds (a store, a person,
 * a number) does not look at names at all, and one that does looks among the tasks of the templates
 * so named (by key), never along everything the caller sees.
 */

interface SearchableRequest {
  number: string;
  requesterId: string;
  onBehalfOf: string | null;
  formData: Record<string, unknown>;
  businessContext: Pick<BusinessContext, 'keyDates'>;
}

export function requestSearchTerms(r: SearchableRequest, title: LocalizedText | null): string[] {
  const keyDates = new Set(r.businessContext.keyDates.map((d) => d.field));
  const answers = Object.entries(r.formData).flatMap(([field, value]) => (keyDates.has(field) ? [] : textsOf(value)));
  return searchTerms([requestNumber(r.number), title?.en, title?.['zh-CN'], r.requesterId, r.onBehalfOf, ...answers]);
}

export function taskSearchTerms(name: LocalizedText): string[] {
  return searchTerms([name.en, name['zh-CN']]);
}

/** Every term of the names of a task plan's tasks: whether `/tasks?q=` needs to look at names at all. */
export function taskNameTerms(plan: { tasks: { name: LocalizedText }[] }): string[] {
  return [...new Set(plan.tasks.flatMap((t) => taskSearchTerms(t.name)))];
}

/** Shown as REQ-000042: six digits at least. */
const NUMBER_WIDTH = 6;
/** Number lengths a prefix may stand for (a trillion requests). */
const MAX_NUMBER_DIGITS = 12;
/** Fewer digits than this find the one number they spell, not every number they begin. */
const MIN_PREFIX_DIGITS = 4;
const NUMBER_QUERY = /^(?:req-?)?(\d{1,12})$/i;

/** A request search: every term, or (for a query that is a request number) a number in one of the ranges. */
export interface RequestSearch {
  terms: string[];
  numbers: [from: number, to: number][];
}

/**
 * `REQ-000042`, `req42`, `000042` and `42` find request 42; from four digits on, the digits are also a
 * prefix of the number as shown (`REQ-0012` → REQ-001200…REQ-001299, and REQ-0012000… once numbers
 * grow past six digits). Every query also matches its terms, so `42` finds a form that says 42 too.
 */
export function requestSearch(q: SearchQuery): RequestSearch {
  const digits = NUMBER_QUERY.exec(q.text.normalize('NFKC'))?.[1];
  if (!digits) return { terms: q.terms, numbers: [] };
  const numbers: [number, number][] = [[Number(digits), Number(digits)]];
  if (digits.length >= MIN_PREFIX_DIGITS) {
    for (let width = NUMBER_WIDTH; width <= MAX_NUMBER_DIGITS; width++) {
      // Shown wider than six digits, a number has no leading zero.
      if (digits.length > width || (width > NUMBER_WIDTH && digits.startsWith('0'))) continue;
      const scale = 10 ** (width - digits.length);
      const from = Math.max(Number(digits) * scale, width > NUMBER_WIDTH ? 10 ** (width - 1) : 0);
      const to = (Number(digits) + 1) * scale - 1;
      if (from !== numbers[0][0] || to !== numbers[0][1]) numbers.push([from, to]);
    }
  }
  return { terms: q.terms, numbers };
}

const BACKFILL_BATCH = 1000;

/**
 * Terms for the offering versions, requests and tasks written before there were terms, a batch at a
 * time (the migration that adds the columns runs it once).
 */
export async function backfillSearchTerms(q: QueryRunner): Promise<void> {
  const versions: { offering_id: string; version: number; task_plan: { tasks: { name: LocalizedText }[] } }[] =
    await q.query('select offering_id, version, task_plan from catalog_offering_version');
  for (const v of versions) {
    await q.query('update catalog_offering_version set task_name_terms = $3 where offering_id = $1 and version = $2', [
      v.offering_id,
      v.version,
      taskNameTerms(v.task_plan),
    ]);
  }
  type Row = {
    id: string;
    number: string;
    requester_id: string;
    on_behalf_of: string | null;
    form_data: Record<string, unknown>;
    business_context: BusinessContext;
    title: LocalizedText | null;
  };
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows: Row[] = await q.query(
      `select r.id, r.number, r.requester_id, r.on_behalf_of, r.form_data, r.business_context, v.name as title
         from request r left join catalog_offering_version v on v.offering_id = r.offering_id and v.version = r.offering_version
        where r.id > $1 order by r.id limit ${BACKFILL_BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    const terms = rows.map((r) => ({
      id: r.id,
      terms: requestSearchTerms(
        {
          number: r.number,
          requesterId: r.requester_id,
          onBehalfOf: r.on_behalf_of,
          formData: r.form_data,
          businessContext: r.business_context,
        },
        r.title,
      ),
    }));
    await q.query(
      `update request r set search_terms = array(select jsonb_array_elements_text(x.terms))
         from jsonb_to_recordset($1::jsonb) as x (id uuid, terms jsonb) where r.id = x.id`,
      [JSON.stringify(terms)],
    );
    after = rows[rows.length - 1].id;
  }
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows: { id: string; name: LocalizedText }[] = await q.query(
      `select id, name from task where id > $1 order by id limit ${BACKFILL_BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    await q.query(
      `update task t set search_terms = array(select jsonb_array_elements_text(x.terms))
         from jsonb_to_recordset($1::jsonb) as x (id uuid, terms jsonb) where t.id = x.id`,
      [JSON.stringify(rows.map((t) => ({ id: t.id, terms: taskSearchTerms(t.name) })))],
    );
    after = rows[rows.length - 1].id;
  }
}
