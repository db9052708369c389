import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Principal, Role } from '@itsm/platform/auth';
import { SearchQuerySchema } from '@itsm/platform/search';
import { RequestListFilter, RequestRepository } from '../src/request/request.repository';
import { TaskListFilter, TaskRepository } from '../src/task/task.repository';
import { requestsSuite } from './requests-harness';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows the plan's scans read (returned or filtered away), and the big tables it read from end to end. */
function rowsRead(node: PlanNode, into = { rows: 0, seqScans: [] as string[] }) {
  if (/Scan$/.test(node['Node Type']) && node['Node Type'] !== 'Bitmap Index Scan') {
    into.rows +=
      (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) *
      node['Actual Loops'];
  }
  if (node['Node Type'] === 'Seq Scan' && ['request', 'task'].includes(node['Relation Name'] ?? ''))
    into.seqScans.push(node['Relation Name']!);
  for (const child of node.Plans ?? []) rowsRead(child, into);
  return into;
}

const SEEDED = 6000;

/** A list's query, as the repositories build it. */
type Query = Pick<SelectQueryBuilder<object>, 'getQueryAndParameters'>;

/**
 * Lists at a million requests (issue 10 item 17), as plans rather than timings: every list, queue,
 * filter and search is index walks that stop at the page, for a person who sees nothing, a
 * requester and an agent alike. With several thousand requests loaded, the rows a list's plan reads
 * stay within a few pages' worth; the rule as one OR (before) walked every request for whoever saw
 * few of them.
 */
describe('list plans: index walks for every role (real Postgres)', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const principal = (subject: string, roles: Role[], departments: string[] = []): Principal => ({
    subject,
    roles,
    departments,
    scopes: [],
  });
  const nobody = principal('u-plan.nobody', ['requester'], [world.departments.it.code]);
  // Seeded requester u-seed.7 submitted one request in 300.
  const requester = principal('u-seed.7', ['requester'], [world.departments.it.code]);
  const agent = principal('u-plan.agent', ['agent'], [world.departments.it.code]);

  beforeAll(async () => {
    const ds = suite.svc.app.get(DataSource);
    const it = world.departments.it.id;
    await ds.query(
      `insert into request (id, number, offering_id, offering_version, offering_code, scenario, department_id, requester_id, watchers, priority, status, outcome,
                            form_data, business_context, region, promised_at, submitted_at, closed_at, reopen_count, version, search_terms)
       select gen_random_uuid(), nextval('request_number_seq'), $1, 1, 'store-opening-it', 'store-opening', $2, 'u-seed.' || (i % 300), '{}', 'medium', 'closed', 'fulfilled',
              jsonb_build_object('storeName', '禾悦门店 ' || i), '{"businessServiceIds": [], "keyDates": []}', (array['cn-south', 'cn-north'])[1 + i % 2],
              now() - interval '30 days', now() - make_interval(hours => i), now() - make_interval(hours => i), 0, 1, array['禾悦', '悦门', '门店', i::text]
         from generate_series(1, $3) i`,
      [world.offerings.storeOpening, it, SEEDED],
    );
    await ds.query(
      `insert into task (id, request_id, department_id, key, name, team_id, assignee, status, depends_on, checklist, assignments, version, search_terms)
       select gen_random_uuid(), r.id, r.department_id, k.key, jsonb_build_object('en', k.key, 'zh-CN', k.key), $1, 'u-liang.jiahao', 'done', '{}', '[]', '[]', 1, array[k.key]
         from request r cross join (values ('network-line'), ('pos')) k (key) where r.requester_id like 'u-seed.%'`,
      [world.teams.storeItSouth],
    );
    await ds.query('analyze request');
    await ds.query('analyze task');
    await ds.query('analyze approval');
  });

  /**
   * The plan as run. Sequential scans are priced out: on a few thousand rows one can be the cheapest
   * plan, on a million it is not; what is left of one is a walk no index serves.
   */
  async function plan(query: Query) {
    const [sql, parameters] = query.getQueryAndParameters();
    return suite.svc.app.get(DataSource).transaction(async (m) => {
      await m.query('set local enable_seqscan = off');
      const [
        {
          'QUERY PLAN': [root],
        },
      ] = await m.query(`explain (analyze, format json) ${sql}`, parameters);
      return rowsRead(root.Plan as PlanNode);
    });
  }

  const q = (text: string) => SearchQuerySchema.parse(text);
  const requestLists: [string, Omit<RequestListFilter, 'limit'>][] = [
    ['all', {}],
    ['by status', { status: 'closed' }],
    ['by region', { region: 'cn-north' }],
    ['overdue', { overdue: true }],
    ['mine', { requesterId: 'u-seed.7' }],
    ['search, Chinese', { q: q('门店') }],
    ['search, number', { q: q('REQ-000042') }],
  ];
  const taskLists: [string, Omit<TaskListFilter, 'limit'>][] = [
    ['all', {}],
    ['mine', { assignedTo: 'me' }],
    ["my teams'", { assignedTo: 'my-teams' }],
    ['by status', { status: 'done' }],
    ['overdue', { overdue: true }],
    ['by region', { region: 'cn-north' }],
    ['search', { q: q('门店') }],
    // Another desk's task name (the HR certificate's): looked for only among the tasks of that template.
    ['search by a task name', { q: q('盖章') }],
  ];

  it.each([
    ['a person who sees nothing', nobody, 120],
    ['a requester', requester, 400],
    ['an agent of the desk', agent, 1200],
  ] as const)(
    '%s: every request and task list reads a few pages at most, never a whole table',
    async (_who, p, bound) => {
      const requests = suite.svc.app.get(RequestRepository);
      const tasks = suite.svc.app.get(TaskRepository);
      const queries: [string, () => Promise<Query>][] = [
        ...requestLists.map(([name, filter]): [string, () => Promise<Query>] => [
          `requests, ${name}`,
          () => requests.listQuery(p, { limit: 50, ...filter }),
        ]),
        ...taskLists.map(([name, filter]): [string, () => Promise<Query>] => [
          `tasks, ${name}`,
          () => tasks.listQuery(p, { limit: 50, ...filter }),
        ]),
      ];
      for (const [name, query] of queries) {
        const read = await plan(await query());
        expect({ list: name, seqScans: read.seqScans, within: read.rows <= bound }).toEqual({
          list: name,
          seqScans: [],
          within: true,
        });
      }
    },
  );
});
