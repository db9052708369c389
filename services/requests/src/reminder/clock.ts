import { Injectable } from '@nestjs/common';

/** What time it is for the timers: system time in production; tests set their own. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
