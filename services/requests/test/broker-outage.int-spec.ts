import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { testInfra, waitForKafkaLeaders } from '@itsm/platform/testing';
import { publishCatalog, type RequestsUnderTest, startRequests } from './requests-harness';

const infra = (...args: string[]) =>
  execFileSync('bash', [join(__dirname, '../../../scripts/infra'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });

/**
 * A service that starts while the broker is away (a cluster coming back after a power cut, Kafka
 * slower than the services) starts all the same: it is ready as soon as its database answers, its
 * health details say what is missing, and its consumer joins once the broker answers.
 */
describe('the requests service starting while the broker is down (stops and restarts the real broker)', () => {
  let svc: RequestsUnderTest | undefined;

  afterAll(async () => {
    infra('up', 'kafka'); // never leave the shared broker down, whatever happened
    await waitForKafkaLeaders(testInfra().brokers);
    await svc?.close();
  });

  it('starts and is ready without Kafka, and reads its topics once the broker is back', async () => {
    infra('down', 'kafka');
    svc = await startRequests();

    await svc.anonymous.get('/health/ready').expect(200);
    const details = await svc.anonymous.get('/health/details').expect(503);
    expect(details.body.details).toMatchObject({
      database: { status: 'up' },
      kafka: { status: 'down' },
      consumer: { status: 'down' },
    });
    await svc.http.get('/requests').expect(200);

    infra('up', 'kafka');
    await waitForKafkaLeaders(testInfra().brokers);
    // The consumer started on its own: the catalog published now reaches the projection.
    await publishCatalog(svc);
    const after = await svc.anonymous.get('/health/details').expect(200);
    expect(after.body.details).toMatchObject({ kafka: { status: 'up' }, consumer: { status: 'up' } });
  }, 180_000);
});
