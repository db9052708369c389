import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';

export interface EventDelivery {
  /** The transaction the handler's writes join; the inbox mark commits in it too. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}

/** What `@Ctx()` gives an event handler. */
export class EventContext extends BaseRpcContext<[EventDelivery]> {
  get manager(): EntityManager {
    return this.args[0].manager;
  }

  get delivery(): EventDelivery {
    return this.args[0];
  }
}
