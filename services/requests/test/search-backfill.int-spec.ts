import { createDataSource, migrate } from '@itsm/platform/database';
import { createTestDatabase, type TestDatabase } from '@itsm/platform/testing';
import { REQUESTS_ENTITIES, REQUESTS_MIGRATIONS } from '../src/app.module';
import { ListsAtScale1763800009000 } from '../src/database/migrations/1763800009000-lists-at-scale';

const OFFERING = '01960000-0000-7000-8000-0000000000a1';
const DEPARTMENT = '01960000-0000-7000-8000-0000000000d1';
const REQUEST = '01960000-0000-7000-8000-0000000000b1';
const TASK = '01960000-0000-7000-8000-0000000000c1';

/**
 * Requests and tasks written before search (issue 10 item 17) get their terms, and tasks their
 * request's department, when the migration that adds them runs on a database that has data.
 */
describe('lists-at-scale migration on a database with requests (real Postgres)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('requests_search_backfill');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('backfills the search terms of requests, tasks and offering versions, and the department of tasks; turns JIT off', async () => {
    const at = REQUESTS_MIGRATIONS.indexOf(ListsAtScale1763800009000);
    const before = createDataSource({
      url: db.url,
      entities: REQUESTS_ENTITIES,
      migrations: REQUESTS_MIGRATIONS.slice(0, at),
    });
    await before.initialize();
    try {
      await migrate(before);
      await before.query(
        `insert into catalog_offering_version (offering_id, version, code, scenario, department_id, name, description, form_schema, task_plan, approval_policy, reminders, promised_delivery, audience, published_at)
         values ($1, 1, 'store-opening-it', 'store-opening', $2, '{"en": "New store opening", "zh-CN": "新店开业"}', '{"en": "", "zh-CN": ""}', '{}',
                 '{"tasks": [{"key": "pos", "name": {"en": "POS tills", "zh-CN": "收银机"}}]}', '{"stages": []}', '[]', '{}', '{}', now())`,
        [OFFERING, DEPARTMENT],
      );
      await before.query(
        `insert into request (id, number, offering_id, offering_version, offering_code, scenario, department_id, requester_id, on_behalf_of, watchers, priority, status,
                              form_data, business_context, promised_at, submitted_at, reopen_count, version)
         values ($1, 42, $2, 1, 'store-opening-it', 'store-opening', $3, 'u-li.na', 'U-Store.Manager', '{}', 'medium', 'in-fulfilment',
                 '{"storeName": "禾悦深圳南山门店", "openingDate": "2027-03-01"}', '{"keyDates": [{"field": "openingDate", "date": "2027-03-01"}], "businessServiceIds": []}', now(), now(), 0, 1)`,
        [REQUEST, OFFERING, DEPARTMENT],
      );
      await before.query(
        `insert into task (id, request_id, key, name, status, depends_on, checklist, assignments, version)
         values ($1, $2, 'pos', '{"en": "POS tills", "zh-CN": "收银机"}', 'open', '{}', '[]', '[]', 1)`,
        [TASK, REQUEST],
      );
    } finally {
      await before.destroy();
    }

    const after = createDataSource({ url: db.url, entities: REQUESTS_ENTITIES, migrations: REQUESTS_MIGRATIONS });
    await after.initialize();
    try {
      await migrate(after);
      const [request] = await after.query('select search_terms from request where id = $1', [REQUEST]);
      expect(request.search_terms).toEqual(
        expect.arrayContaining([
          'req',
          '000042',
          'new',
          'store',
          '新店',
          '开业',
          'li',
          'na',
          'manager',
          '门店',
          '深圳',
        ]),
      );
      expect(request.search_terms).not.toContain('2027');
      const [task] = await after.query('select search_terms, department_id from task where id = $1', [TASK]);
      expect(task).toEqual({ search_terms: ['pos', 'tills', '收银', '银机'], department_id: DEPARTMENT });
      const [version] = await after.query(
        'select task_name_terms from catalog_offering_version where offering_id = $1',
        [OFFERING],
      );
      expect(version.task_name_terms).toEqual(['pos', 'tills', '收银', '银机']);
      // New sessions of this database plan without JIT (its compilation cost lists tens of milliseconds).
      const [settings] = await after.query(
        'select setconfig from pg_db_role_setting where setdatabase = (select oid from pg_database where datname = current_database()) and setrole = 0',
      );
      expect(settings.setconfig).toContain('jit=off');
    } finally {
      await after.destroy();
    }
  });
});
