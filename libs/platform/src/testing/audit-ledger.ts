import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Exchange {
  method: string;
  url: string;
  status: number;
  requestId: string;
  /** The response repeated an earlier one (an Idempotency-Key replay): nothing changed. */
  replayed: boolean;
}

/**
 * Watches a service under test and checks its audit trail against what actually happened:
 * every event the service wrote to its outbox is named by exactly one audit record (and no record
 * names an event that was not written), every successful write request left audit records, and no
 * failed or read-only request left any.
 */
export class AuditLedger {
  private readonly exchanges: Exchange[] = [];

  private constructor(
    private readonly dataSource: DataSource,
    /** Records up to this id (UUIDv7, time-ordered) predate the ledger: their events may be relayed and gone. */
    private readonly since: string,
  ) {}

  /** Call after the app initialised (its migrations created the outbox and audit tables). */
  static async attach(server: Server, dataSource: DataSource): Promise<AuditLedger> {
    const [latest] = await dataSource.query<{ id: string }[]>('select id from audit_record order by id desc limit 1');
    const ledger = new AuditLedger(dataSource, latest?.id ?? '00000000-0000-0000-0000-000000000000');
    // The relay deletes published rows: a trigger keeps the ids of everything ever written.
    await dataSource.query(`
      create table if not exists test_outbox_ledger (event_id uuid primary key, event_type text not null);
      create or replace function test_outbox_ledger_keep() returns trigger language plpgsql as $$
      begin insert into test_outbox_ledger values (new.event_id, new.event_type) on conflict do nothing; return new; end $$;
      drop trigger if exists test_outbox_ledger_keep on outbox_event;
      create trigger test_outbox_ledger_keep after insert on outbox_event for each row execute function test_outbox_ledger_keep();
      insert into test_outbox_ledger select event_id, event_type from outbox_event on conflict do nothing;`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => {
        const requestId = res.getHeader('x-request-id');
        if (typeof requestId !== 'string') return;
        ledger.exchanges.push({
          method: req.method ?? 'GET',
          url: req.url ?? '',
          status: res.statusCode,
          requestId,
          replayed: res.getHeader('idempotent-replayed') === 'true',
        });
      });
    });
    return ledger;
  }

  /** Problems found, one line each; empty when the audit trail matches. */
  async discrepancies(): Promise<string[]> {
    const problems: string[] = [];
    const unmatched: { event_id: string; event_type: string; records: number }[] = await this.dataSource.query(`
      select l.event_id, l.event_type, count(a.id)::int as records
        from test_outbox_ledger l left join audit_record a on l.event_id = any(a.event_ids)
       group by l.event_id, l.event_type having count(a.id) <> 1`);
    for (const row of unmatched)
      problems.push(`event ${row.event_type} ${row.event_id} has ${row.records} audit records`);
    const phantom: { id: string; event_id: string }[] = await this.dataSource.query(
      `
      select a.id, e.event_id from audit_record a, unnest(a.event_ids) as e(event_id)
       where a.id > $1 and not exists (select 1 from test_outbox_ledger l where l.event_id = e.event_id)`,
      [this.since],
    );
    for (const row of phantom)
      problems.push(`audit record ${row.id} names event ${row.event_id} that was never written`);
    const counts = new Map<string, number>(
      (
        await this.dataSource.query<{ request_id: string; n: number }[]>(
          'select request_id, count(*)::int as n from audit_record where request_id = any($1) group by request_id',
          [this.exchanges.map((e) => e.requestId)],
        )
      ).map((r) => [r.request_id, r.n]),
    );
    for (const e of this.exchanges) {
      const n = counts.get(e.requestId) ?? 0;
      const wrote = MUTATING.has(e.method) && e.status >= 200 && e.status < 300 && !e.replayed;
      if (wrote && n === 0) {
        problems.push(
          `${e.method} ${e.url} → ${e.status} changed state without an audit record ` +
            '(record changes with ChangeRecorder/AuditTrail from @itsm/platform/audit; a response that only replays an earlier one sets `Idempotent-Replayed: true`)',
        );
      }
      if (!wrote && n > 0)
        problems.push(`${e.method} ${e.url} → ${e.status} left ${n} audit records but should have changed nothing`);
    }
    return problems;
  }

  async expectComplete(): Promise<void> {
    const problems = await this.discrepancies();
    if (problems.length)
      throw new Error(`The audit trail does not match the changes made:\n  ${problems.join('\n  ')}`);
  }
}
