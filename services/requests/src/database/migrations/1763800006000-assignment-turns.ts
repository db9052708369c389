import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Round robin counts turns instead of remembering the last assignee: the counter is advanced in a
 * short statement of its own (see AssignmentTurns), and the member is the turn modulo the team.
 */
export class AssignmentTurns1763800006000 implements MigrationInterface {
  name = 'AssignmentTurns1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table assignment_rule add column turns bigint not null default 0');
    await q.query('alter table assignment_rule drop column last_assignee');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table assignment_rule add column last_assignee text');
    await q.query('alter table assignment_rule drop column turns');
  }
}
