import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { metricsRegistry } from '@itsm/platform/observability';
import { OutboxRelay } from '@itsm/platform/messaging';
import { DatabaseAvailability } from '@itsm/platform/database';

// The alerting rules an operator loads into Prometheus, checked offline: every rule is complete and
// every metric it watches is one the services really export (a renamed metric would silence it).

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

const rules = (
  parse(readFileSync(join(__dirname, '../../deploy/prometheus/alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: Rule[] }[];
  }
).groups.flatMap((g) => g.rules);

describe('deploy/prometheus/alerts.yml', () => {
  it('has the outbox, database, dead-letter and lag alerts, each complete', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'ItsmOutboxStalled',
        'ItsmOutboxBacklog',
        'ItsmOutboxParked',
        'ItsmDatabaseDown',
        'ItsmDeadLetters',
        'ItsmConsumerLag',
      ]),
    );
    for (const rule of rules) {
      expect(rule).toMatchObject({
        alert: expect.stringMatching(/^Itsm[A-Za-z]+$/),
        expr: expect.any(String),
        labels: { severity: expect.stringMatching(/^(critical|warning)$/) },
      });
      expect(rule.annotations?.summary).toMatch(/[\u4e00-\u9fff]/); // both languages, as everything a person reads
    }
  });

  it('alerts when the oldest outbox event is over a minute old', () => {
    expect(rules.find((r) => r.alert === 'ItsmOutboxStalled')?.expr).toMatch(/itsm_outbox_oldest_age_seconds\)? > 60$/);
  });

  it('watches only metrics the services export', () => {
    // Loading these registers the platform's messaging and database metrics, as a service does.
    expect([OutboxRelay, DatabaseAvailability]).toBeDefined();
    const watched = new Set(rules.flatMap((r) => r.expr?.match(/\bitsm_[a-z_]+/g) ?? []));
    expect(watched.size).toBeGreaterThan(0);
    for (const metric of watched)
      expect({ metric, exported: metricsRegistry.getSingleMetric(metric) !== undefined }).toEqual({
        metric,
        exported: true,
      });
  });
});
