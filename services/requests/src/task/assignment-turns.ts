import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AssignmentStrategy } from '@itsm/contracts';
import { preparedStatement } from '@itsm/platform/database';

const TAKE_TURNS = preparedStatement(
  'requests.take-turns',
  `insert into assignment_rule (team_id, strategy, turns)
   select team_id, 'round-robin', n from unnest($1::uuid[], $2::int[]) as wanted (team_id, n)
   on conflict (team_id) do update set turns = assignment_rule.turns + excluded.turns
   returning team_id, strategy, turns`,
);

/** A team's rule and the turn a task takes in it (1, 2, 3, … for round robin). */
export interface Turn {
  strategy: AssignmentStrategy;
  turn: number;
}

/**
 * Turns in the teams' assignment rules, taken OUTSIDE the caller's transaction: one short
 * autocommit statement on a small pool of its own advances every team's counter at once, so
 * concurrent submissions never queue on a team's row until the other commits (inside the
 * transaction the row lock would be held to the end, and every submission of an offering would
 * wait for the one before). Like a sequence value, a turn taken by a transaction that then rolls
 * back is skipped: that member's turn passes to the next. The pool is separate so that a
 * transaction waiting for a turn never waits for a connection its own pool lent to another.
 */
@Injectable()
export class AssignmentTurns implements OnModuleDestroy {
  private readonly log = new Logger('AssignmentTurns');
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    const options = dataSource.options as { url?: string; extra?: { application_name?: string } };
    const name = options.extra?.application_name;
    this.pool = new Pool({
      connectionString: options.url,
      max: 2,
      application_name: name ? `${name}-turns` : undefined,
      connectionTimeoutMillis: 5000,
    });
    // An idle connection the server closes (a restart, an administrator) is reported here; unheard,
    // Node would end the process. The pool drops that connection and opens another when next asked.
    this.pool.on('error', (err) => this.log.warn(`an idle connection for assignment turns was closed: ${err.message}`));
  }

  /** One turn per entry (a team may appear several times), each team's rule created if missing. */
  async take(teamIds: readonly string[]): Promise<(teamId: string) => Turn> {
    const wanted = new Map<string, number>();
    for (const id of teamIds) wanted.set(id, (wanted.get(id) ?? 0) + 1);
    if (wanted.size === 0) return noTeams;
    // Sorted, so two statements lock the same rows in the same order and never deadlock.
    const ids = [...wanted.keys()].sort();
    const { rows } = await this.pool.query<{ team_id: string; strategy: AssignmentStrategy; turns: string }>({
      ...TAKE_TURNS,
      values: [ids, ids.map((id) => wanted.get(id))],
    });
    const next = new Map(
      rows.map((row) => [
        row.team_id,
        { strategy: row.strategy, turn: Number(row.turns) - wanted.get(row.team_id)! + 1 },
      ]),
    );
    return (teamId) => {
      const t = next.get(teamId);
      if (!t) throw new Error(`no turn was taken for team ${teamId}`);
      next.set(teamId, { ...t, turn: t.turn + 1 });
      return t;
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

function noTeams(teamId: string): Turn {
  throw new Error(`no turn was taken for team ${teamId}`);
}
