import { DataSource as catalogDataSource } from 'typeorm';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DepartmentChangedV1 } from '@itsm/contracts';
import { testInfra, TopicReader, waitForKafkaLeaders, waitUntil } from '@itsm/platform/testing';
import { CatalogUnderTest, fixtures, startCatalog } from './catalog-harness';

const infra = (...args: string[]) =>
  execFileSync('bash', [join(__dirname, '../../../scripts/infra'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });

describe('the outbox across a Kafka outage (stops and restarts the real broker)', () => {
  let catalog: CatalogUnderTest;

  beforeAll(async () => {
    catalog = await startCatalog();
  });

  afterAll(async () => {
    infra('up', 'kafka'); // never leave the shared broker down, whatever happened
    await waitForKafkaLeaders(testInfra().brokers); // the next suites need a broker that serves every partition
    await catalog?.close();
  });

  it('accepts changes while the broker is down and delivers every event exactly once, in order per aggregate', async () => {
    // Three aggregates, four events each: created, then three renames.
    const departments: string[] = [];
    for (let i = 0; i < 3; i++) departments.push((await fixtures.department(catalog.http))['departmentId'] as string);

    infra('down', 'kafka');
    for (let round = 1; round <= 3; round++) {
      for (const id of departments) {
        await catalog.http
          .patch(`/departments/${id}`)
          .send({ name: { en: `rename ${round}`, 'zh-CN': `第${round}次改名` } })
          .expect(200);
      }
    }
    const pending = await catalog.app.get(catalogDataSource).query('select count(*)::int as n from outbox_event');
    expect(pending[0].n).toBeGreaterThanOrEqual(9); // the renames wait in the outbox

    infra('up', 'kafka');
    const reader = await new TopicReader(testInfra().brokers, [DepartmentChangedV1.topic]).start(true);
    try {
      const ours = () => reader.messages.filter((m) => m.key !== null && departments.includes(m.key));
      await waitUntil(() => ours().length >= 12, 60_000, 'all 12 department events in Kafka');
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would show up now
      const messages = ours();
      expect(messages).toHaveLength(12);
      expect(new Set(messages.map((m) => m.headers['ce_id'])).size).toBe(12);
      for (const id of departments) {
        const names = messages
          .filter((m) => m.key === id)
          .sort((a, b) => Number(a.offset) - Number(b.offset))
          .map((m) => JSON.parse(m.value!.toString()).name.en);
        expect(names).toEqual([expect.any(String), 'rename 1', 'rename 2', 'rename 3']);
      }
      await waitUntil(
        async () =>
          (await catalog.app.get(catalogDataSource).query('select count(*)::int as n from outbox_event'))[0].n === 0,
        10_000,
        'outbox drained',
      );
    } finally {
      await reader.stop();
    }
  });
});
