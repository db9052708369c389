import { DomainError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

/** Only the dates the offering plans around (its reminders' and task due dates' fields) change this way. */
export class NotAKeyDateError extends DomainError {
  constructor(fields: string[], keyFields: string[]) {
    super({
      code: 'requests.key_date.unknown_field',
      status: 400,
      title: localized('Not a key date', '不是关键日期'),
      detail: localized(
        `${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} not key business dates of this request (key dates: ${keyFields.join(', ') || 'none'})`,
        `${fields.join('、')} 不是该申请的关键业务日期（关键日期：${keyFields.join('、') || '无'}）`,
      ),
      extra: { fields, keyFields },
    });
  }
}

/** A request that ended keeps its dates. */
export class KeyDatesFrozenError extends DomainError {
  constructor(status: string) {
    super({
      code: 'requests.key_date.request_ended',
      status: 409,
      title: localized('Request ended', '申请已结束'),
      detail: localized(`a ${status} request's key dates cannot change`, `状态为 ${status} 的申请不能修改关键日期`),
      extra: { status },
    });
  }
}
