import { Module } from '@nestjs/common';
import { TeamController } from './team.controller';
import { SaveTeam } from './use-cases/save-team';

@Module({ controllers: [TeamController], providers: [SaveTeam], exports: [SaveTeam] })
export class TeamModule {}
