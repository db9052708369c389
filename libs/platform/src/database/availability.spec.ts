import { isDatabaseUnavailable } from './availability';

/** A node-postgres server error as the driver raises it. */
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
/** TypeORM's wrapper around a failed query. */
const queryFailed = (driverError: unknown) =>
  Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'an administrator shutdown (57P01), as during a restart',
      serverError('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server still starting or stopping (57P03)', serverError('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', serverError('08006', 'connection failure')],
    ['too many connections (53300)', serverError('53300', 'sorry, too many clients already')],
    [
      'a refused TCP connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a Unix socket that is gone',
      Object.assign(new Error('connect ENOENT /run/pg/.s.PGSQL.5432'), { code: 'ENOENT' }),
    ],
    ['a connection the server dropped', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      "any of these inside TypeORM's QueryFailedError",
      queryFailed(serverError('57P01', 'terminating connection due to administrator command')),
    ],
    ['any of these as a cause', new Error('outer', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed(serverError('23505', 'duplicate key value'))],
    ['a data exception', queryFailed(serverError('22P02', 'invalid input syntax for type uuid'))],
    ['a deadlock (retried, but the database is there)', queryFailed(serverError('40P01', 'deadlock detected'))],
    ['a plain error', new Error('something else')],
    ['nothing', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
