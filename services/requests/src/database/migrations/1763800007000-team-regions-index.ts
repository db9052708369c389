import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which of a form's values are regions some team covers: one index probe per value instead of
 * unnesting every team's regions at each submission (an enterprise has hundreds of teams).
 */
export class TeamRegionsIndex1763800007000 implements MigrationInterface {
  name = 'TeamRegionsIndex1763800007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create index catalog_team_regions on catalog_team using gin (regions) where not archived');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index catalog_team_regions');
  }
}
