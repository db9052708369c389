import { DomainError, ForbiddenError, NotFoundError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

/** Not there, or not one the caller may see: the same answer, so existence does not leak. */
export class RequestNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('requests.request.not_found', localized(`no request ${id} that you may see`, `没有您可查看的申请 ${id}`));
  }
}

export class OfferingNotFoundError extends NotFoundError {
  constructor(offeringId: string, version?: number) {
    super(
      version === undefined ? 'requests.offering.not_found' : 'requests.offering_version.not_found',
      version === undefined
        ? localized(`no published offering ${offeringId}`, `没有已发布的服务项 ${offeringId}`)
        : localized(
            `offering ${offeringId} has no published version ${version}`,
            `服务项 ${offeringId} 没有已发布的版本 ${version}`,
          ),
    );
  }
}

/** A retired offering takes no new requests (those already pinned to it go on). */
export class OfferingRetiredError extends DomainError {
  constructor(offeringId: string) {
    super({
      code: 'requests.offering.retired',
      status: 409,
      title: localized('Offering retired', '服务项已下线'),
      detail: localized(
        `offering ${offeringId} is retired and takes no new requests`,
        `服务项 ${offeringId} 已下线，不再接受申请`,
      ),
      extra: { offeringId },
    });
  }
}

/** The offering is for other departments (its audience). */
export class OfferingNotForYouError extends ForbiddenError {
  constructor(offeringId: string) {
    super(
      'requests.offering.not_in_audience',
      localized(`offering ${offeringId} is offered to other departments`, `服务项 ${offeringId} 仅面向其他部门`),
    );
  }
}

/** An Idempotency-Key already used for a different submission. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super({
      code: 'requests.idempotency_key.reused',
      status: 422,
      title: localized('Idempotency-Key reused', '幂等键已被使用'),
      detail: localized(
        'this Idempotency-Key was used for a different request body; use a new key for a new submission',
        '该 Idempotency-Key 已用于内容不同的提交；新的提交请使用新的键',
      ),
    });
  }
}

/** Seen, but not the caller's to do (e.g. a watcher cancelling, a requester making an internal note). */
export class RequestActionForbiddenError extends ForbiddenError {
  constructor(code: string, en: string, zh: string) {
    super(code, localized(en, zh));
  }
}

/** Sees the request but is neither a party to it nor of its desk (a watcher, an approver): changes nothing. */
export class RequestUpdateForbiddenError extends ForbiddenError {
  constructor() {
    super(
      'requests.request.update_forbidden',
      localized(
        'only the requester, the person it is for or an agent of its desk may change a request',
        '只有申请人、受益人或该服务台的处理人可以修改申请',
      ),
    );
  }
}
