import { Module } from '@nestjs/common';
import { DepartmentController } from './department.controller';
import { SaveDepartment } from './use-cases/save-department';

@Module({ controllers: [DepartmentController], providers: [SaveDepartment], exports: [SaveDepartment] })
export class DepartmentModule {}
