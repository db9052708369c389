import type { HealthIndicatorService } from '@nestjs/terminus';
import type { DatabaseAvailability } from '../database';

/** The database as the background ping last found it: no query per probe. */
export function databaseIndicator(indicators: HealthIndicatorService, database: DatabaseAvailability) {
  const check = indicators.check('database');
  const { up, since, lastError } = database.state;
  return up
    ? check.up({ since: since.toISOString() })
    : check.down({ since: since.toISOString(), message: lastError ?? 'no answer' });
}
