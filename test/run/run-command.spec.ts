import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** What scripts/lib.sh's demo_users_for prints for the gateway's HOST, with GATEWAY_DEMO_USERS as given. */
function demoUsersFor(host: string, demoUsers?: string): string {
  const { GATEWAY_DEMO_USERS: _ignored, ...inherited } = process.env;
  const env = { ...inherited, ...(demoUsers === undefined ? {} : { GATEWAY_DEMO_USERS: demoUsers }) };
  return execFileSync('bash', ['-c', 'source scripts/lib.sh && demo_users_for "$1"', 'demo_users_for', host], {
    cwd: root,
    env,
    encoding: 'utf8',
  }).trim();
}

/**
 * `./itsm run` exists to try the platform on one machine, demo accounts included; their password is
 * published, so they come along only while the gateway listens on loopback, unless asked for.
 */
describe('./itsm run: demo accounts', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1'])('creates them when the gateway listens on loopback (%s)', (host) => {
    expect(demoUsersFor(host)).toBe('true');
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', '192.168.0.7'])('leaves them out when the gateway listens on %s', (host) => {
    expect(demoUsersFor(host)).toBe('false');
  });

  it('does what GATEWAY_DEMO_USERS says when it is set', () => {
    expect(demoUsersFor('0.0.0.0', 'true')).toBe('true');
    expect(demoUsersFor('127.0.0.1', 'false')).toBe('false');
  });
});
