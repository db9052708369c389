import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { Request } from '../request/request.entity';
import { localized } from '@itsm/contracts';

/** Tasks are worked on while their request is in fulfilment (not after it was cancelled or fulfilled). */
export function assertRequestInFulfilment(r: Request, taskTarget: string): void {
  if (r.status !== 'in-fulfilment') {
    throw new InvalidStateTransitionError(r.status, taskTarget, [], {
      code: 'requests.task.request_not_in_fulfilment',
      detail: localized(
        `the request is ${r.status}: its tasks can be worked on only while it is in fulfilment (reopen it first)`,
        `申请当前为「${r.status}」：只有交付中的申请才能处理任务（请先重新打开申请）`,
      ),
    });
  }
}
