import { MigrationInterface, QueryRunner } from 'typeorm';

/** The regions the business works in: a team covers only regions the catalog knows. */
export class Regions1763800008600 implements MigrationInterface {
  name = 'Regions1763800008600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table region (
        id uuid primary key,
        code text not null unique,
        name jsonb not null,
        archived boolean not null default false,
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table region');
  }
}
