import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { DomainEvent } from '@itsm/contracts';

export interface EventDelivery {
  /**
   * The transaction the handler's writes must go through: the inbox mark commits in it, so the
   * event is applied exactly once. Writes through an injected repository would commit on their own
   * and be repeated on redelivery.
   */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}

/** What an `@EventPattern` handler receives as its payload: the event and the transaction to write in. */
export interface ReceivedEvent<Data = unknown> extends EventDelivery {
  event: DomainEvent<Data>;
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
