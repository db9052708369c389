import { DynamicModule, Global, Module } from '@nestjs/common';
import { WorkflowModule } from '../shared/workflow.module';
import { Clock, SystemClock } from './clock';
import { ReminderController } from './reminder.controller';
import { ReminderPoller } from './reminder-poller';
import { ReminderScheduler } from './reminder.scheduler';
import { ReminderSettings } from './reminder.settings';
import { ChangeKeyDatesUseCase } from './use-cases/change-key-dates';

/**
 * Durable reminders: the scheduler (global, so submission, cancellation, rejection and closing set
 * or stop timers in their own transactions), the poller that fires them, and the key-dates endpoint.
 */
@Global()
@Module({})
export class ReminderModule {
  static forRoot(settings: ReminderSettings): DynamicModule {
    return {
      module: ReminderModule,
      imports: [WorkflowModule],
      controllers: [ReminderController],
      providers: [
        { provide: ReminderSettings, useValue: settings },
        { provide: Clock, useClass: SystemClock },
        ReminderScheduler,
        ReminderPoller,
        ChangeKeyDatesUseCase,
      ],
      exports: [Clock, ReminderScheduler],
    };
  }
}
