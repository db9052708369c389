import { ConflictError, ForbiddenError, NotFoundError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

export class ApprovalNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(
      'requests.approval.not_found',
      localized(`no approval ${id} on this request that you may see`, `该申请上没有您可查看的审批 ${id}`),
    );
  }
}

export class NotYourApprovalError extends ForbiddenError {
  constructor() {
    super(
      'requests.approval.not_approver',
      localized(
        'this approval is not yours to decide: it names another approver or a role you do not hold in its department',
        '您不是该审批的审批人：它指定了其他审批人，或需要您在该部门不具备的角色',
      ),
    );
  }
}

/** A quorum needs different people: one person's second vote in a stage does not count. */
export class AlreadyVotedError extends ConflictError {
  constructor(stageKey: string) {
    super(
      'requests.approval.already_voted',
      localized(
        `you already decided an approval of stage ${stageKey}; another approver must decide this one`,
        `您已在「${stageKey}」阶段审批过，此项需由其他审批人处理`,
      ),
    );
  }
}
