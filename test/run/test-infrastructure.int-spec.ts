import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { testInfra } from '@itsm/platform/testing';

const root = join(__dirname, '../..');

/** What `scripts/infra env` prints with the run command's settings (no test overrides). */
function runCommandInfra(): { kafka: string; postgres: string } {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^ITSM_(INFRA_DIR|PG_PORT|KAFKA_PORT|KAFKA_CONTROLLER_PORT|INFRA_PROFILE)$/.test(name),
    ),
  );
  const printed = execFileSync('bash', [join(root, 'scripts/infra'), 'env'], { env, encoding: 'utf8' });
  const value = (name: string) =>
    /export (\w+)='?([^'\n]*)'?/g.exec(printed.split('\n').find((l) => l.startsWith(`export ${name}=`)) ?? '')?.[2] ??
    '';
  return { kafka: value('KAFKA_BROKERS'), postgres: new URL(value('PG_TCP_URL')).port };
}

/**
 * `./itsm test` never touches a platform that `./itsm run` keeps running on the same machine: the
 * tests' own broker and database server are on other ports, so their catalog events never reach
 * the running requests service and the broker-outage test never stops the platform's broker.
 */
describe('the test infrastructure', () => {
  it("is not the run command's Postgres or Kafka", () => {
    const platform = runCommandInfra();
    expect(platform.kafka).toBe('127.0.0.1:9092');
    expect(platform.postgres).toBe('5432');
    expect(testInfra().brokers).not.toContain(platform.kafka);
    expect(new URL(process.env.PG_TCP_URL!).port).not.toBe(platform.postgres);
    expect(process.env.ITSM_INFRA_DIR).not.toBe(join(root, '.infra'));
  });
});
