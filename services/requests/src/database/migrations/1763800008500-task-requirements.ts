import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What completing a task needs, copied from its template like its checklist: the checklist items
 * that may stay unticked, and the JSON Schema of the fields it records. Tasks made before know
 * neither: their whole checklist is required and their fields are free.
 */
export class TaskRequirements1763800008500 implements MigrationInterface {
  name = 'TaskRequirements1763800008500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table task add column optional_checklist jsonb not null default '[]', add column output_schema jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table task drop column optional_checklist, drop column output_schema');
  }
}
